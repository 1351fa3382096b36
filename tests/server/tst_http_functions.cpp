#include "HttpClient.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::TestServer;

namespace {

QJsonObject roomBody(const QString &user = QStringLiteral("host-1"), bool isPublic = true,
                     const QString &anime = QStringLiteral("aot"))
{
    return {{QStringLiteral("title"), QStringLiteral("Watching AoT together")},
            {QStringLiteral("anime_id"), anime},
            {QStringLiteral("anime_title"), QStringLiteral("Attack on Titan")},
            {QStringLiteral("episode_number"), 1},
            {QStringLiteral("video_url"), QStringLiteral("https://example.com/video.mp4")},
            {QStringLiteral("host_user_id"), user},
            {QStringLiteral("host_username"), QStringLiteral("Host")},
            {QStringLiteral("is_public"), isPublic}};
}

// The room ID in a rooms-create answer.
QString roomIdOf(const QJsonObject &created)
{
    return created.value(QLatin1String("room"))
        .toObject()
        .value(QLatin1String("room_id"))
        .toString();
}

QJsonObject joinBody(const QString &roomId, const QString &user, const QString &key = {})
{
    QJsonObject b {{QStringLiteral("room_id"), roomId},
                   {QStringLiteral("user_id"), user},
                   {QStringLiteral("username"), user.toUpper()}};
    if (!key.isEmpty())
        b.insert(QStringLiteral("access_key"), key);
    return b;
}

} // namespace

class TestHttpFunctions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createPublicRoom();
    void createPrivateRoomShowsKeyToCreatorOnly();
    void createValidation_data();
    void createValidation();
    void malformedRequests_data();
    void malformedRequests();
    void slashSpellingRoutesToSameFunction();
    void joinPrivate_data();
    void joinPrivate();
    void joinUnknownRoom();
    void joinTakenUserIdNeedsToken();
    void leaveNeedsToken();
    void claimedUserIdMustMatchToken_data();
    void claimedUserIdMustMatchToken();
    void hostLeavingPassesHostToLongestPresent();
    void deleteIsHostOnly();
    void listPublicNeverListsPrivate();
    void syncControlIsHostOnly();
    void syncControlValidation_data();
    void syncControlValidation();
    void hostTime();
    void commentsThreadUnderAnchor();
    void commentValidation_data();
    void commentValidation();
    void commentIdempotency();
    void commentsHistory();
    void membersListAndUpdateStatus();
    void rpcFunctions();
    void healthAndMetrics();
    void corsPreflight();
    void anonKeyRequired();

private:
    QJsonObject create(const QJsonObject &body);
    QJsonObject join(const QString &roomId, const QString &user, const QString &key = {});

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestHttpFunctions::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false; // rate limits have their own test
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestHttpFunctions::cleanup()
{
    m_http.reset();
    m_server.reset();
}

QJsonObject TestHttpFunctions::create(const QJsonObject &body)
{
    const auto r = m_http->function(QStringLiteral("rooms-create"), body);
    if (r.status != 200)
        qWarning("rooms-create failed: %s", r.body.constData());
    return r.data();
}

QJsonObject TestHttpFunctions::join(const QString &roomId, const QString &user, const QString &key)
{
    const auto r = m_http->function(QStringLiteral("rooms-join"), joinBody(roomId, user, key));
    if (r.status != 200)
        qWarning("rooms-join failed: %s", r.body.constData());
    return r.data();
}

void TestHttpFunctions::createPublicRoom()
{
    const auto r = m_http->function(QStringLiteral("rooms-create"), roomBody());
    QCOMPARE(r.status, 200);
    QVERIFY(r.success());
    QVERIFY(r.contentType.startsWith("application/json"));
    const QJsonObject room = r.data().value(QLatin1String("room")).toObject();
    const QString roomId = room.value(QLatin1String("room_id")).toString();
    QCOMPARE(roomId.size(), 10);
    QCOMPARE(r.data().value(QLatin1String("realtime_channel")).toString(),
             QStringLiteral("room:") + roomId);
    QCOMPARE(room.value(QLatin1String("host_user_id")).toString(), QStringLiteral("host-1"));
    QVERIFY(room.value(QLatin1String("access_key")).isNull());
    QVERIFY(!r.data().value(QLatin1String("member_token")).toString().isEmpty());
    QCOMPARE(room.value(QLatin1String("is_playing")).toBool(), false);
}

void TestHttpFunctions::createPrivateRoomShowsKeyToCreatorOnly()
{
    const QJsonObject created = create(roomBody(QStringLiteral("h"), false));
    const QJsonObject room = created.value(QLatin1String("room")).toObject();
    const QString key = room.value(QLatin1String("access_key")).toString();
    QCOMPARE(key.size(), 6);
    const QString roomId = room.value(QLatin1String("room_id")).toString();
    const QJsonObject joined = join(roomId, QStringLiteral("guest"), key);
    QVERIFY(!joined.value(QLatin1String("room")).toObject().contains(QLatin1String("access_key")));
}

void TestHttpFunctions::createValidation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("missing-title") << "title" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("long-title") << "title" << QJsonValue(QString(256, QLatin1Char('t')));
    QTest::newRow("episode-zero") << "episode_number" << QJsonValue(0);
    QTest::newRow("episode-text") << "episode_number" << QJsonValue(QStringLiteral("1"));
    QTest::newRow("ftp-url") << "video_url" << QJsonValue(QStringLiteral("ftp://x/y.mp4"));
    QTest::newRow("script-url") << "video_url" << QJsonValue(QStringLiteral("javascript:x"));
    QTest::newRow("public-text") << "is_public" << QJsonValue(QStringLiteral("yes"));
    QTest::newRow("no-host") << "host_user_id" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("control-chars") << "host_username" << QJsonValue(QStringLiteral("a\x01b"));
}

void TestHttpFunctions::createValidation()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QJsonObject body = roomBody();
    if (value.isUndefined())
        body.remove(field);
    else
        body.insert(field, value);
    const auto r = m_http->function(QStringLiteral("rooms-create"), body);
    QCOMPARE(r.status, 400);
    QVERIFY(!r.success());
    QCOMPARE(r.errorCode(), QStringLiteral("invalid_request"));
    const QString message =
        r.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(field), qPrintable(message));
}

void TestHttpFunctions::malformedRequests_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("not-json") << "/functions/v1/rooms-create" << QByteArray("{nope") << 400
                              << "invalid_json";
    QTest::newRow("array-body") << "/functions/v1/rooms-create" << QByteArray("[1]") << 400
                                << "invalid_json";
    QTest::newRow("too-large") << "/functions/v1/comments-create"
                               << (QByteArray(R"({"message":")") + QByteArray(70000, 'x') + "\"}")
                               << 413 << "payload_too_large";
    QTest::newRow("unknown-function")
        << "/functions/v1/rooms-explode" << QByteArray("{}") << 404 << "function_not_found";
    QTest::newRow("unknown-path") << "/nowhere" << QByteArray("{}") << 404 << "not_found";
}

void TestHttpFunctions::malformedRequests()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto r = m_http->postRaw(path, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode(), code);
    // And the server keeps serving.
    QCOMPARE(m_http->get(QStringLiteral("/health")).status, 200);
}

void TestHttpFunctions::slashSpellingRoutesToSameFunction()
{
    const auto r = m_http->post(QStringLiteral("/functions/v1/rooms/create"), roomBody());
    QCOMPARE(r.status, 200);
    const QString roomId =
        r.data().value(QLatin1String("room")).toObject().value(QLatin1String("room_id")).toString();
    const auto j = m_http->post(QStringLiteral("/functions/v1/rooms/join"),
                                joinBody(roomId, QStringLiteral("v")));
    QCOMPARE(j.status, 200);
}

void TestHttpFunctions::joinPrivate_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("no-key") << QString() << 403 << "access_key_required";
    QTest::newRow("wrong-key") << "wrong" << 403 << "invalid_access_key";
    QTest::newRow("right-key") << "RIGHT" << 200 << QString();
}

void TestHttpFunctions::joinPrivate()
{
    QFETCH(QString, key);
    QFETCH(int, status);
    QFETCH(QString, code);
    const QJsonObject room =
        create(roomBody(QStringLiteral("h"), false)).value(QLatin1String("room")).toObject();
    const QString realKey = room.value(QLatin1String("access_key")).toString();
    QString sent = key;
    if (key == QLatin1String("RIGHT"))
        sent = realKey;
    else if (key == QLatin1String("wrong"))
        sent = realKey == QLatin1String("000000") ? QStringLiteral("000001")
                                                  : QStringLiteral("000000");
    const auto r = m_http->function(
        QStringLiteral("rooms-join"),
        joinBody(room.value(QLatin1String("room_id")).toString(), QStringLiteral("g"), sent));
    QCOMPARE(r.status, status);
    if (!code.isEmpty())
        QCOMPARE(r.errorCode(), code);
    else
        QVERIFY(!r.data().value(QLatin1String("member_token")).toString().isEmpty());
}

void TestHttpFunctions::joinUnknownRoom()
{
    const auto r = m_http->function(QStringLiteral("rooms-join"),
                                    joinBody(QStringLiteral("zzzzzzzzzz"), QStringLiteral("g")));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), QStringLiteral("room_not_found"));
}

void TestHttpFunctions::joinTakenUserIdNeedsToken()
{
    const QString roomId = roomIdOf(create(roomBody()));
    const QString token =
        join(roomId, QStringLiteral("alice")).value(QLatin1String("member_token")).toString();
    const auto impostor =
        m_http->function(QStringLiteral("rooms-join"), joinBody(roomId, QStringLiteral("alice")));
    QCOMPARE(impostor.status, 409);
    QCOMPARE(impostor.errorCode(), QStringLiteral("user_id_taken"));
    const auto again = m_http->function(QStringLiteral("rooms-join"),
                                        joinBody(roomId, QStringLiteral("alice")), token);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.data().value(QLatin1String("member_token")).toString(), token);
    // Claiming the host's user_id is refused the same way.
    const auto host =
        m_http->function(QStringLiteral("rooms-join"), joinBody(roomId, QStringLiteral("host-1")));
    QCOMPARE(host.status, 409);
}

void TestHttpFunctions::leaveNeedsToken()
{
    const QString roomId = roomIdOf(create(roomBody()));
    const QString token =
        join(roomId, QStringLiteral("bob")).value(QLatin1String("member_token")).toString();
    const QJsonObject body {{QStringLiteral("room_id"), roomId},
                            {QStringLiteral("user_id"), QStringLiteral("bob")}};
    auto r = m_http->function(QStringLiteral("rooms-leave"), body);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode(), QStringLiteral("token_required"));
    r = m_http->function(QStringLiteral("rooms-leave"), body, QStringLiteral("forged"));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
    r = m_http->function(QStringLiteral("rooms-leave"), body, token);
    QCOMPARE(r.status, 200);
    const auto members =
        m_http->function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    QCOMPARE(members.data().value(QLatin1String("total")).toInt(), 1);
}

void TestHttpFunctions::claimedUserIdMustMatchToken_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<QJsonObject>("extra");
    QTest::newRow("leave") << "rooms-leave" << QJsonObject {};
    QTest::newRow("sync-control") << "sync-control"
                                  << QJsonObject {
                                         {QStringLiteral("action"), QStringLiteral("pause")}};
    QTest::newRow("comment") << "comments-create"
                             << QJsonObject {{QStringLiteral("message"), QStringLiteral("hi")}};
    QTest::newRow("update-status")
        << "members-update-status"
        << QJsonObject {{QStringLiteral("username"), QStringLiteral("X")}};
}

void TestHttpFunctions::claimedUserIdMustMatchToken()
{
    QFETCH(QString, function);
    QFETCH(QJsonObject, extra);
    // The host's own token, acting in another member's name.
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    join(roomId, QStringLiteral("victim"));
    QJsonObject body = extra;
    body.insert(QStringLiteral("room_id"), roomId);
    body.insert(QStringLiteral("user_id"), QStringLiteral("victim"));
    const auto r =
        m_http->function(function, body, created.value(QLatin1String("member_token")).toString());
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode(), QStringLiteral("invalid_token"));
    const auto members =
        m_http->function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    QCOMPARE(members.data().value(QLatin1String("total")).toInt(), 2);
}

void TestHttpFunctions::hostLeavingPassesHostToLongestPresent()
{
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    // Joined in the same millisecond, the earlier row still wins.
    join(roomId, QStringLiteral("first"));
    join(roomId, QStringLiteral("second"));
    const auto r =
        m_http->function(QStringLiteral("rooms-leave"), {{QStringLiteral("room_id"), roomId}},
                         created.value(QLatin1String("member_token")).toString());
    QCOMPARE(r.status, 200);
    const auto members =
        m_http->function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    QCOMPARE(members.data().value(QLatin1String("host_user_id")).toString(),
             QStringLiteral("first"));
    const auto comments = m_http->function(QStringLiteral("comments-get-by-episode"),
                                           {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                            {QStringLiteral("episode_number"), 1}});
    const QJsonArray threads = comments.data().value(QLatin1String("threads")).toArray();
    // The handover is the clients' notice, in their language; the thread outlives the room and
    // keeps only its anchor and what people said.
    QCOMPARE(threads.size(), 0);
    QVERIFY(comments.data()
                .value(QLatin1String("anchor"))
                .toObject()
                .value(QLatin1String("is_system_message"))
                .toBool());
}

void TestHttpFunctions::deleteIsHostOnly()
{
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    const QString guest =
        join(roomId, QStringLiteral("guest")).value(QLatin1String("member_token")).toString();
    const QJsonObject body {{QStringLiteral("room_id"), roomId}};
    auto r = m_http->function(QStringLiteral("rooms-delete"), body, guest);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode(), QStringLiteral("not_host"));
    r = m_http->function(QStringLiteral("rooms-delete"), body,
                         created.value(QLatin1String("member_token")).toString());
    QCOMPARE(r.status, 200);
    QCOMPARE(m_http->function(QStringLiteral("rooms-join"), joinBody(roomId, QStringLiteral("x")))
                 .status,
             404);
}

void TestHttpFunctions::listPublicNeverListsPrivate()
{
    const QString a =
        roomIdOf(create(roomBody(QStringLiteral("h1"), true, QStringLiteral("anime-a"))));
    create(roomBody(QStringLiteral("h2"), true, QStringLiteral("anime-b")));
    create(roomBody(QStringLiteral("h3"), false, QStringLiteral("anime-a")));
    join(a, QStringLiteral("viewer"));

    auto r = m_http->function(QStringLiteral("rooms-list-public"), {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.data().value(QLatin1String("total")).toInt(), 2);
    for (const QJsonValue &v : r.data().value(QLatin1String("rooms")).toArray())
        QVERIFY(v.toObject().value(QLatin1String("is_public")).toBool());

    r = m_http->function(QStringLiteral("rooms-list-public"),
                         {{QStringLiteral("anime_id"), QStringLiteral("anime-a")}});
    const QJsonArray rooms = r.data().value(QLatin1String("rooms")).toArray();
    QCOMPARE(rooms.size(), 1);
    QCOMPARE(rooms.at(0).toObject().value(QLatin1String("member_count")).toInt(), 2);

    r = m_http->function(QStringLiteral("rooms-list-public"),
                         {{QStringLiteral("limit"), 1}, {QStringLiteral("offset"), 1}});
    QCOMPARE(r.data().value(QLatin1String("rooms")).toArray().size(), 1);
    r = m_http->get(QStringLiteral("/functions/v1/rooms-list-public?limit=1"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.data().value(QLatin1String("rooms")).toArray().size(), 1);
    r = m_http->function(QStringLiteral("rooms-list-public"), {{QStringLiteral("limit"), 1000}});
    QCOMPARE(r.status, 400);
}

void TestHttpFunctions::syncControlIsHostOnly()
{
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    const QString hostToken = created.value(QLatin1String("member_token")).toString();
    const QString guest =
        join(roomId, QStringLiteral("guest")).value(QLatin1String("member_token")).toString();
    QJsonObject play {{QStringLiteral("room_id"), roomId},
                      {QStringLiteral("user_id"), QStringLiteral("host-1")},
                      {QStringLiteral("action"), QStringLiteral("play")},
                      {QStringLiteral("current_time"), 12.5}};
    // Claiming the host's user_id with someone else's token, or none.
    auto r = m_http->function(QStringLiteral("sync-control"), play, guest);
    QCOMPARE(r.status, 403);
    r = m_http->function(QStringLiteral("sync-control"), play);
    QCOMPARE(r.status, 403);
    play.remove(QStringLiteral("user_id"));
    r = m_http->function(QStringLiteral("sync-control"), play, guest);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode(), QStringLiteral("not_host"));

    r = m_http->post(QStringLiteral("/functions/v1/sync/control"), play, hostToken);
    QCOMPARE(r.status, 200);
    const QJsonObject state = r.data().value(QLatin1String("state")).toObject();
    QCOMPARE(state.value(QLatin1String("playing")).toBool(), true);
    QCOMPARE(state.value(QLatin1String("position")).toDouble(), 12.5);
    QVERIFY(state.value(QLatin1String("server_time_ms")).toInteger()
            > r.data().value(QLatin1String("server_time")).toInteger());
    // The body field works as well as the header.
    QJsonObject pause {{QStringLiteral("room_id"), roomId},
                       {QStringLiteral("action"), QStringLiteral("pause")},
                       {QStringLiteral("member_token"), hostToken}};
    r = m_http->function(QStringLiteral("sync-control"), pause);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.data()
                 .value(QLatin1String("room"))
                 .toObject()
                 .value(QLatin1String("is_playing"))
                 .toBool(),
             false);
}

void TestHttpFunctions::syncControlValidation_data()
{
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown-action")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("explode")}} << "action";
    QTest::newRow("seek-without-time")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("seek")}} << "current_time";
    QTest::newRow("negative-time")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("seek")},
                        {QStringLiteral("current_time"), -1}}
        << "current_time";
    QTest::newRow("rate-too-fast")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("rate")},
                        {QStringLiteral("playback_rate"), 16}}
        << "playback_rate";
    QTest::newRow("rate-missing") << QJsonObject {{QStringLiteral("action"),
                                                   QStringLiteral("rate")}}
                                  << "playback_rate";
}

void TestHttpFunctions::syncControlValidation()
{
    QFETCH(QJsonObject, extra);
    QFETCH(QString, field);
    const QJsonObject created = create(roomBody());
    QJsonObject body = extra;
    body.insert(QStringLiteral("room_id"),
                created.value(QLatin1String("room")).toObject().value(QLatin1String("room_id")));
    const auto r = m_http->function(QStringLiteral("sync-control"), body,
                                    created.value(QLatin1String("member_token")).toString());
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains(field.toUtf8()), r.body.constData());
}

void TestHttpFunctions::hostTime()
{
    const QJsonObject created = create(roomBody(QStringLiteral("h"), false));
    const QString roomId = roomIdOf(created);
    const QString token = created.value(QLatin1String("member_token")).toString();
    m_http->function(QStringLiteral("sync-control"),
                     {{QStringLiteral("room_id"), roomId},
                      {QStringLiteral("action"), QStringLiteral("play")},
                      {QStringLiteral("current_time"), 100}},
                     token);
    auto r = m_http->function(QStringLiteral("sync-get-host-time"),
                              {{QStringLiteral("room_id"), roomId}});
    QCOMPARE(r.status, 403); // private room: members only
    // The play starts a little in the future, then the position advances.
    QTRY_VERIFY_WITH_TIMEOUT(m_http->function(QStringLiteral("sync-get-host-time"),
                                              {{QStringLiteral("room_id"), roomId}}, token)
                                     .data()
                                     .value(QLatin1String("current_time"))
                                     .toDouble()
                                 > 100.0,
                             5000);
    r = m_http->function(QStringLiteral("sync-get-host-time"),
                         {{QStringLiteral("room_id"), roomId}}, token);
    QCOMPARE(r.status, 200);
    QVERIFY(r.data().value(QLatin1String("is_playing")).toBool());
    QVERIFY(r.data().value(QLatin1String("server_time")).toInteger() > 0);
}

void TestHttpFunctions::commentsThreadUnderAnchor()
{
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    const QString token = created.value(QLatin1String("member_token")).toString();
    auto r = m_http->post(QStringLiteral("/functions/v1/comments/create"),
                          {{QStringLiteral("room_id"), roomId},
                           {QStringLiteral("anime_id"), QStringLiteral("aot")},
                           {QStringLiteral("episode_number"), 1},
                           {QStringLiteral("user_id"), QStringLiteral("host-1")},
                           {QStringLiteral("username"), QStringLiteral("Host")},
                           {QStringLiteral("message"), QStringLiteral("<b>This opening!</b>")},
                           {QStringLiteral("video_timestamp"), 120.5}},
                          token);
    QCOMPARE(r.status, 200);
    const QJsonObject top = r.data().value(QLatin1String("comment")).toObject();
    // Stored as typed, never interpreted: clients show it as plain text.
    QCOMPARE(top.value(QLatin1String("message")).toString(),
             QStringLiteral("<b>This opening!</b>"));
    QCOMPARE(top.value(QLatin1String("video_timestamp")).toDouble(), 120.5);

    r = m_http->function(QStringLiteral("comments-create"),
                         {{QStringLiteral("room_id"), roomId},
                          {QStringLiteral("message"), QStringLiteral("agreed")},
                          {QStringLiteral("parent_id"), top.value(QLatin1String("id"))}},
                         token);
    QCOMPARE(r.status, 200);
    const QJsonObject reply = r.data().value(QLatin1String("comment")).toObject();
    r = m_http->function(QStringLiteral("comments-create"),
                         {{QStringLiteral("room_id"), roomId},
                          {QStringLiteral("message"), QStringLiteral("deeper")},
                          {QStringLiteral("parent_id"), reply.value(QLatin1String("id"))}},
                         token);
    QCOMPARE(r.status, 200);
    // Outside a room, without a token, against the same episode.
    r = m_http->function(QStringLiteral("comments-create"),
                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("episode_number"), 1},
                          {QStringLiteral("user_id"), QStringLiteral("lurker")},
                          {QStringLiteral("username"), QStringLiteral("Lurker")},
                          {QStringLiteral("message"), QStringLiteral("second thread")}});
    QCOMPARE(r.status, 200);

    r = m_http->function(QStringLiteral("comments-get-by-episode"),
                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("episode_number"), 1}});
    QCOMPARE(r.status, 200);
    const QJsonObject anchor = r.data().value(QLatin1String("anchor")).toObject();
    QVERIFY(anchor.value(QLatin1String("is_anchor")).toBool());
    const QJsonArray threads = r.data().value(QLatin1String("threads")).toArray();
    QCOMPARE(threads.size(), 2);
    QCOMPARE(r.data().value(QLatin1String("total_threads")).toInt(), 2);
    const QJsonObject first = threads.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("parent_id")).toInteger(),
             anchor.value(QLatin1String("id")).toInteger());
    QCOMPARE(first.value(QLatin1String("replies")).toArray().size(), 2);

    r = m_http->function(QStringLiteral("comments-get-by-episode"),
                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("episode_number"), 1},
                          {QStringLiteral("limit"), 1},
                          {QStringLiteral("offset"), 1}});
    QCOMPARE(r.data().value(QLatin1String("threads")).toArray().size(), 1);
    // The anchor persists after the room is gone.
    m_http->function(QStringLiteral("rooms-delete"), {{QStringLiteral("room_id"), roomId}}, token);
    r = m_http->function(QStringLiteral("comments-get-by-episode"),
                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("episode_number"), 1}});
    QCOMPARE(r.data().value(QLatin1String("anchor")).toObject().value(QLatin1String("id")),
             anchor.value(QLatin1String("id")));
    QCOMPARE(r.data().value(QLatin1String("total_threads")).toInt(), 2);
}

void TestHttpFunctions::commentValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    const QJsonObject base {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                            {QStringLiteral("episode_number"), 1},
                            {QStringLiteral("user_id"), QStringLiteral("u")},
                            {QStringLiteral("username"), QStringLiteral("U")}};
    auto with = [&](const char *key, const QJsonValue &v) {
        QJsonObject b = base;
        b.insert(QString::fromLatin1(key), v);
        return b;
    };
    QTest::newRow("ok-1000") << with("message", QString(1000, QLatin1Char('m'))) << 200;
    QTest::newRow("too-long") << with("message", QString(1001, QLatin1Char('m'))) << 400;
    QTest::newRow("empty") << with("message", QStringLiteral("   ")) << 400;
    QTest::newRow("nul-char") << with("message", QStringLiteral("a\u0000b")) << 400;
    QTest::newRow("multi-line-ok") << with("message", QStringLiteral("line 1\nline 2")) << 200;
    QJsonObject negative = with("message", QStringLiteral("x"));
    negative.insert(QStringLiteral("video_timestamp"), -3);
    QTest::newRow("negative-timestamp") << negative << 400;
    QJsonObject orphan = with("message", QStringLiteral("x"));
    orphan.insert(QStringLiteral("parent_id"), 999999);
    QTest::newRow("unknown-parent") << orphan << 404;
    QJsonObject noUser = with("message", QStringLiteral("x"));
    noUser.remove(QStringLiteral("user_id"));
    QTest::newRow("no-user-outside-room") << noUser << 400;
    QJsonObject badRoom = with("message", QStringLiteral("x"));
    badRoom.insert(QStringLiteral("room_id"), QStringLiteral("zzzzzzzzzz"));
    QTest::newRow("room-without-token") << badRoom << 403;
}

void TestHttpFunctions::commentValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    const auto r = m_http->function(QStringLiteral("comments-create"), body);
    QVERIFY2(r.status == status, r.body.constData());
}

void TestHttpFunctions::commentIdempotency()
{
    const QJsonObject body {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                            {QStringLiteral("episode_number"), 2},
                            {QStringLiteral("user_id"), QStringLiteral("u")},
                            {QStringLiteral("username"), QStringLiteral("U")},
                            {QStringLiteral("message"), QStringLiteral("once")},
                            {QStringLiteral("idempotency_key"), QStringLiteral("k-1")}};
    const auto first = m_http->function(QStringLiteral("comments-create"), body);
    const auto second = m_http->function(QStringLiteral("comments-create"), body);
    QCOMPARE(first.status, 200);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.data().value(QLatin1String("duplicate")).toBool(), true);
    QCOMPARE(second.data().value(QLatin1String("comment")).toObject().value(QLatin1String("id")),
             first.data().value(QLatin1String("comment")).toObject().value(QLatin1String("id")));
    const auto list = m_http->function(QStringLiteral("comments-get-by-episode"),
                                       {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                        {QStringLiteral("episode_number"), 2}});
    QCOMPARE(list.data().value(QLatin1String("total_threads")).toInt(), 1);
}

void TestHttpFunctions::commentsHistory()
{
    auto post = [&](const char *user, int episode) {
        return m_http->function(QStringLiteral("comments-create"),
                                {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                 {QStringLiteral("episode_number"), episode},
                                 {QStringLiteral("user_id"), QString::fromLatin1(user)},
                                 {QStringLiteral("username"), QString::fromLatin1(user)},
                                 {QStringLiteral("message"), QStringLiteral("hi")}});
    };
    QCOMPARE(post("a", 1).status, 200);
    QCOMPARE(post("a", 1).status, 200);
    QCOMPARE(post("b", 2).status, 200);
    auto r = m_http->function(QStringLiteral("comments-get-history"),
                              {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                               {QStringLiteral("bucket"), QStringLiteral("minute")}});
    QCOMPARE(r.status, 200);
    const QJsonObject d = r.data();
    QCOMPARE(d.value(QLatin1String("total_comments")).toInt(), 3);
    QCOMPARE(d.value(QLatin1String("per_episode")).toArray().size(), 2);
    const QJsonArray users = d.value(QLatin1String("per_user")).toArray();
    QCOMPARE(users.at(0).toObject().value(QLatin1String("user_id")).toString(),
             QStringLiteral("a"));
    QCOMPARE(users.at(0).toObject().value(QLatin1String("count")).toInt(), 2);
    int bucketed = 0;
    for (const QJsonValue &b : d.value(QLatin1String("per_bucket")).toArray())
        bucketed += b.toObject().value(QLatin1String("count")).toInt();
    QCOMPARE(bucketed, 3);
    r = m_http->function(QStringLiteral("comments-get-history"),
                         {{QStringLiteral("bucket"), QStringLiteral("fortnight")}});
    QCOMPARE(r.status, 400);
}

void TestHttpFunctions::membersListAndUpdateStatus()
{
    const QJsonObject created = create(roomBody(QStringLiteral("h"), false));
    const QJsonObject room = created.value(QLatin1String("room")).toObject();
    const QString roomId = room.value(QLatin1String("room_id")).toString();
    const QString token =
        join(roomId, QStringLiteral("m"), room.value(QLatin1String("access_key")).toString())
            .value(QLatin1String("member_token"))
            .toString();
    auto r =
        m_http->function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    QCOMPARE(r.status, 403);
    r = m_http->function(QStringLiteral("members-update-status"),
                         {{QStringLiteral("room_id"), roomId},
                          {QStringLiteral("username"), QStringLiteral("Renamed")},
                          {QStringLiteral("avatar_url"), QStringLiteral("https://e.com/a.png")},
                          {QStringLiteral("current_time"), 5.0},
                          {QStringLiteral("is_playing"), false}},
                         token);
    QCOMPARE(r.status, 200);
    r = m_http->function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}},
                         token);
    QCOMPARE(r.status, 200);
    const QJsonArray members = r.data().value(QLatin1String("members")).toArray();
    QCOMPARE(members.size(), 2);
    const QJsonObject me = members.at(1).toObject();
    QCOMPARE(me.value(QLatin1String("username")).toString(), QStringLiteral("Renamed"));
    QCOMPARE(me.value(QLatin1String("avatar_url")).toString(),
             QStringLiteral("https://e.com/a.png"));
    // 5 s against a paused room at 0 s: outside the 2 s tolerance.
    QCOMPARE(me.value(QLatin1String("is_synced")).toBool(), false);
    QCOMPARE(me.value(QLatin1String("sync_offset_ms")).toDouble(), 5000.0);
    QVERIFY(members.at(0).toObject().value(QLatin1String("is_host")).toBool());
    r = m_http->function(QStringLiteral("members-update-status"),
                         {{QStringLiteral("room_id"), roomId},
                          {QStringLiteral("avatar_url"), QStringLiteral("file:///etc/passwd")}},
                         token);
    QCOMPARE(r.status, 400);
}

void TestHttpFunctions::rpcFunctions()
{
    const QJsonObject created = create(roomBody());
    const QString roomId = roomIdOf(created);
    const QString token = created.value(QLatin1String("member_token")).toString();
    auto r = m_http->post(QStringLiteral("/rest/v1/rpc/track_user_presence"),
                          {{QStringLiteral("p_room_id"), roomId},
                           {QStringLiteral("p_user_id"), QStringLiteral("host-1")},
                           {QStringLiteral("p_current_time"), 0.5},
                           {QStringLiteral("p_is_playing"), false}},
                          token);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QLatin1String("is_synced")).toBool(), true);
    r = m_http->post(QStringLiteral("/rest/v1/rpc/get_room_sync_state"),
                     {{QStringLiteral("p_room_id"), roomId},
                      {QStringLiteral("p_user_id"), QStringLiteral("host-1")}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value(QLatin1String("room")).toObject().contains(QLatin1String("current_time")));
    r = m_http->post(QStringLiteral("/rest/v1/rpc/track_user_presence"),
                     {{QStringLiteral("p_room_id"), roomId}});
    QCOMPARE(r.status, 400);
    // PostgREST's error shape, which supabase-js reads.
    QVERIFY(r.json.contains(QLatin1String("code")));
    QVERIFY(r.json.contains(QLatin1String("message")));
    QVERIFY(r.json.contains(QLatin1String("hint")));
    r = m_http->post(QStringLiteral("/rest/v1/rpc/drop_everything"), {});
    QCOMPARE(r.status, 404);
}

void TestHttpFunctions::healthAndMetrics()
{
    create(roomBody());
    m_http->postRaw(QStringLiteral("/functions/v1/rooms-create"), "{bad");
    const auto health = m_http->get(QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.json.value(QLatin1String("rooms")).toInt(), 1);
    QVERIFY(health.json.value(QLatin1String("store"))
                .toObject()
                .value(QLatin1String("reachable"))
                .toBool());
    QVERIFY(health.json.contains(QLatin1String("uptime_seconds")));
    const auto metrics = m_http->get(QStringLiteral("/metrics"));
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.contentType.startsWith("text/plain"));
    for (const char *needle :
         {"watchium_connections 0", "watchium_rooms_live 1",
          "# TYPE watchium_fanout_latency_seconds histogram",
          "watchium_rejected_total{reason=\"bad_json\"} 1", "watchium_http_requests_total"}) {
        QVERIFY2(metrics.body.contains(needle), needle);
    }
}

void TestHttpFunctions::corsPreflight()
{
    QNetworkAccessManager manager;
    QNetworkRequest request(
        QUrl(m_server->httpBase() + QStringLiteral("/functions/v1/rooms-create")));
    QNetworkReply *reply = manager.sendCustomRequest(request, "OPTIONS");
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
    QCOMPARE(reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("*"));
    QVERIFY(reply->rawHeader("Access-Control-Allow-Headers").contains("apikey"));
    reply->deleteLater();
}

void TestHttpFunctions::anonKeyRequired()
{
    auto config = TestServer::defaults();
    config.anonKey = QStringLiteral("anon-123");
    TestServer keyed(config);
    QVERIFY(keyed.start());
    HttpClient http(keyed.httpBase());
    auto r = http.post(QStringLiteral("/functions/v1/rooms-list-public"), {});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), QStringLiteral("invalid_apikey"));
    r = http.post(QStringLiteral("/functions/v1/rooms-list-public"), {}, QStringLiteral("anon-123"),
                  "anon-123");
    QCOMPARE(r.status, 200);
}

QTEST_GUILESS_MAIN(TestHttpFunctions)
#include "tst_http_functions.moc"
