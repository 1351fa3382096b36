#include "RoomFixture.h"
#include "SourcedHttp.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QTest>
#include <QUrl>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::SourcedHttp;
using test::TestServer;
using test::WsClient;

// The ways a public server was attacked (issue 10), each closed: forged server events over
// HTTP, limits spent in someone else's name, and a private room's comments read from outside.
// Other clients are other loopback addresses (127.0.0.2, ...), so per-address rules hold.
class TestAbusePaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void forgedServerEventsOverHttp_data();
    void forgedServerEventsOverHttp();
    void controlBroadcastOverHttp();
    void openTopicIsRateLimitedPerAddress();
    void claimedIdentityCannotSpendAnothersLimits_data();
    void claimedIdentityCannotSpendAnothersLimits();
    void privateRoomCommentsStayPrivate();
    void readingCommentsWritesNothing();
    void channelsPerConnectionAreBounded();
    void readsAreBoundedPerAddress();

private:
    HttpClient::Response broadcast(const QString &topic, const QString &event,
                                   const QJsonObject &payload, const QString &token,
                                   bool singlePath);
    SourcedHttp from(const char *address) const;
    QJsonObject createBody(const QString &hostUserId) const;

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestAbusePaths::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestAbusePaths::cleanup()
{
    m_http.reset();
    m_server.reset();
}

HttpClient::Response TestAbusePaths::broadcast(const QString &topic, const QString &event,
                                               const QJsonObject &payload, const QString &token,
                                               bool singlePath)
{
    // realtime-js httpSend() uses the one-message path; the documented API takes a batch.
    if (singlePath)
        return m_http->post(QStringLiteral("/realtime/v1/api/broadcast/%1/events/%2")
                                .arg(QString::fromLatin1(QUrl::toPercentEncoding(topic)), event),
                            payload, token);
    const QJsonObject message {{QStringLiteral("topic"), topic},
                               {QStringLiteral("event"), event},
                               {QStringLiteral("payload"), payload}};
    return m_http->post(QStringLiteral("/realtime/v1/api/broadcast"),
                        {{QStringLiteral("messages"), QJsonArray {message}}}, token);
}

SourcedHttp TestAbusePaths::from(const char *address) const
{
    return SourcedHttp(QHostAddress(QLatin1String(address)), QStringLiteral("127.0.0.1"),
                       m_server->server()->port());
}

QJsonObject TestAbusePaths::createBody(const QString &hostUserId) const
{
    return {{QStringLiteral("title"), QStringLiteral("Room")},
            {QStringLiteral("anime_id"), QStringLiteral("aot")},
            {QStringLiteral("anime_title"), QStringLiteral("AoT")},
            {QStringLiteral("episode_number"), 1},
            {QStringLiteral("video_url"), QStringLiteral("https://example.com/v.mp4")},
            {QStringLiteral("host_user_id"), hostUserId},
            {QStringLiteral("host_username"), QStringLiteral("Host")}};
}

void TestAbusePaths::forgedServerEventsOverHttp_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<bool>("singlePath");
    for (const char *event : {"new_host", "member_joined", "member_left", "new_comment", "state",
                              "video_changed", "group_wait"}) {
        QTest::addRow("%s batch", event) << QString::fromLatin1(event) << false;
        QTest::addRow("%s single", event) << QString::fromLatin1(event) << true;
    }
}

void TestAbusePaths::forgedServerEventsOverHttp()
{
    QFETCH(QString, event);
    QFETCH(bool, singlePath);
    const auto room = RoomFixture::create(*m_http);
    const QString memberToken = room.join(*m_http, QStringLiteral("mallory"));
    QVERIFY(!memberToken.isEmpty());
    WsClient host;
    QVERIFY(host.open(m_server->wsUrl()));
    QCOMPARE(host.join(room.topic(), {}, room.hostToken).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));

    const QString topic = QStringLiteral("room:") + room.roomId;
    const QJsonObject forged {{QStringLiteral("user_id"), QStringLiteral("mallory")},
                              {QStringLiteral("username"), QStringLiteral("Mallory")}};
    const auto refused = broadcast(topic, event, forged, memberToken, singlePath);
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.errorCode(), QStringLiteral("reserved_event"));

    // A member's own event after it arrives; the forged one, had it gone out, would be first.
    QCOMPARE(broadcast(topic, QStringLiteral("chat"), {}, memberToken, singlePath).status, 202);
    QVERIFY(host.waitForBroadcast(room.topic(), QStringLiteral("chat")));
    QCOMPARE(host.count([&](const protocol::Message &m) {
        return m.event == QLatin1String("broadcast")
            && m.payload.value(QLatin1String("event")).toString() == event
            && m.payload.value(QLatin1String("payload"))
                   .toObject()
                   .value(QLatin1String("user_id"))
                   .toString()
            == QLatin1String("mallory");
    }),
             0);
    // Without a token nobody speaks in a room at all.
    QCOMPARE(broadcast(topic, QStringLiteral("chat"), {}, {}, singlePath).status, 403);
}

void TestAbusePaths::controlBroadcastOverHttp()
{
    // `sync_control` carries its action inside, as on the socket (the HTTP path once read the
    // event name as the action and refused it).
    const auto room = RoomFixture::create(*m_http);
    const QString topic = QStringLiteral("room:") + room.roomId;
    const auto r =
        broadcast(topic, QStringLiteral("sync_control"),
                  {{QStringLiteral("action"), QStringLiteral("play")}}, room.hostToken, false);
    QCOMPARE(r.status, 202);
    const auto members = m_http->function(QStringLiteral("members-get-list"),
                                          {{QStringLiteral("room_id"), room.roomId}});
    QVERIFY(members.success());
    // Not the host: refused, whichever way it is spelled.
    const QString memberToken = room.join(*m_http, QStringLiteral("ben"));
    const auto notHost = broadcast(topic, QStringLiteral("pause"), {}, memberToken, true);
    QCOMPARE(notHost.status, 403);
}

void TestAbusePaths::openTopicIsRateLimitedPerAddress()
{
    WsClient listener;
    QVERIFY(listener.open(m_server->wsUrl()));
    QCOMPARE(listener.join(QStringLiteral("realtime:lobby"), {}).value(QLatin1String("status")),
             QStringLiteral("ok"));
    // A topic that is not a room is an open channel: no token needed, as in Supabase.
    QJsonArray batch;
    for (int i = 0; i < 100; ++i)
        batch.append(QJsonObject {{QStringLiteral("topic"), QStringLiteral("lobby")},
                                  {QStringLiteral("event"), QStringLiteral("hello")},
                                  {QStringLiteral("payload"), QJsonObject {{"i", i}}}});
    SourcedHttp noisy = from("127.0.0.2");
    int accepted = 0;
    HttpClient::Response last;
    for (int round = 0; round < 8; ++round) {
        last = noisy.post(QStringLiteral("/realtime/v1/api/broadcast"),
                          {{QStringLiteral("messages"), batch}});
        if (last.status != 202)
            break;
        ++accepted;
    }
    QVERIFY(listener.waitForBroadcast(QStringLiteral("realtime:lobby"), QStringLiteral("hello")));
    // 500 messages per 10 s from one address, then 429 with the wait.
    QCOMPARE(accepted, 5);
    QCOMPARE(last.status, 429);
    QVERIFY(last.retryAfter.toInt() >= 1);
    // Another address is not held back by that one.
    QCOMPARE(from("127.0.0.3")
                 .post(QStringLiteral("/realtime/v1/api/broadcast"),
                       {{QStringLiteral("messages"), QJsonArray {batch.first()}}})
                 .status,
             202);
}

void TestAbusePaths::claimedIdentityCannotSpendAnothersLimits_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<int>("calls"); // what the attacker is allowed before its own 429
    QTest::newRow("comments-create") << QStringLiteral("comments-create") << 5;
    QTest::newRow("rooms-join") << QStringLiteral("rooms-join") << 20;
    QTest::newRow("rooms-create") << QStringLiteral("rooms-create") << 10;
}

void TestAbusePaths::claimedIdentityCannotSpendAnothersLimits()
{
    QFETCH(QString, function);
    QFETCH(int, calls);
    const QString victim = QStringLiteral("victim");
    // The victim's own room (for rooms-join: the room they will rejoin).
    const auto own = m_http->function(QStringLiteral("rooms-create"), createBody(victim));
    QVERIFY(own.success());
    const QString ownRoom = own.data()
                                .value(QLatin1String("room"))
                                .toObject()
                                .value(QLatin1String("room_id"))
                                .toString();
    const QString ownToken = own.data().value(QLatin1String("member_token")).toString();

    auto body = [&](int i) -> QJsonObject {
        if (function == QLatin1String("comments-create"))
            return {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                    {QStringLiteral("episode_number"), 1},
                    {QStringLiteral("user_id"), victim},
                    {QStringLiteral("username"), QStringLiteral("Victim")},
                    {QStringLiteral("message"), QStringLiteral("msg %1").arg(i)}};
        if (function == QLatin1String("rooms-join"))
            return {{QStringLiteral("room_id"), ownRoom},
                    {QStringLiteral("user_id"), victim},
                    {QStringLiteral("username"), QStringLiteral("Victim")}};
        return createBody(victim);
    };
    SourcedHttp attacker = from("127.0.0.2");
    for (int i = 0; i < calls; ++i)
        QVERIFY(attacker.function(function, body(i)).status != 429);
    const auto limited = attacker.function(function, body(calls));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.errorCode(), QStringLiteral("rate_limited"));

    // The victim, from their own address, is not held back by any of it.
    const auto victims =
        from("127.0.0.1")
            .function(function, body(calls + 1),
                      function == QLatin1String("rooms-join") ? ownToken : QString());
    QVERIFY2(victims.status == 200, victims.body.constData());
}

void TestAbusePaths::privateRoomCommentsStayPrivate()
{
    const auto room = RoomFixture::create(*m_http, false);
    const QString secret = QStringLiteral("our secret plan");
    const auto posted =
        m_http->function(QStringLiteral("comments-create"),
                         {{QStringLiteral("room_id"), room.roomId},
                          {QStringLiteral("message"), secret},
                          {QStringLiteral("idempotency_key"), QStringLiteral("k1")}},
                         room.hostToken);
    QVERIFY2(posted.success(), posted.body.constData());
    const qint64 secretId = qint64(posted.data()
                                       .value(QLatin1String("comment"))
                                       .toObject()
                                       .value(QLatin1String("id"))
                                       .toDouble());
    // A comment outside any room, which everyone may see.
    QVERIFY(m_http
                ->function(QStringLiteral("comments-create"),
                           {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                            {QStringLiteral("episode_number"), 1},
                            {QStringLiteral("user_id"), QStringLiteral("fan")},
                            {QStringLiteral("username"), QStringLiteral("Fan")},
                            {QStringLiteral("message"), QStringLiteral("great episode")}})
                .success());

    const QJsonObject episode {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                               {QStringLiteral("episode_number"), 1}};
    auto threadsText = [&](const QJsonObject &body, const QString &token) {
        const auto r = m_http->function(QStringLiteral("comments-get-by-episode"), body, token);
        return QString::fromUtf8(r.body);
    };
    QJsonObject inRoom = episode;
    inRoom.insert(QStringLiteral("room_id"), room.roomId);
    const QString anonymous = threadsText(episode, {});
    QVERIFY(anonymous.contains(QLatin1String("great episode")));
    QVERIFY2(!anonymous.contains(secret), qPrintable(anonymous));
    QVERIFY(!anonymous.contains(room.roomId));
    QVERIFY(!threadsText(inRoom, {}).contains(secret));
    QVERIFY(threadsText(inRoom, room.hostToken).contains(secret));
    // A member of another room is not a member of this one.
    const auto other = RoomFixture::create(*m_http, false, QStringLiteral("host-2"));
    QVERIFY(!threadsText(inRoom, other.hostToken).contains(secret));

    auto history = [&](const QString &token) {
        return m_http
            ->function(QStringLiteral("comments-get-history"),
                       {{QStringLiteral("room_id"), room.roomId}}, token)
            .data();
    };
    QCOMPARE(history({}).value(QLatin1String("total_comments")).toInt(), 0);
    QVERIFY(history({}).value(QLatin1String("per_user")).toArray().isEmpty());
    QCOMPARE(history(room.hostToken).value(QLatin1String("total_comments")).toInt(), 1);
    const auto all = m_http->function(QStringLiteral("comments-get-history"), {}).data();
    QCOMPARE(all.value(QLatin1String("total_comments")).toInt(), 1); // the public one only

    // Neither a retry in the host's name nor a reply from outside reveals the comment.
    const auto probe =
        m_http->function(QStringLiteral("comments-create"),
                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("episode_number"), 1},
                          {QStringLiteral("user_id"), QStringLiteral("host-1")},
                          {QStringLiteral("username"), QStringLiteral("Host")},
                          {QStringLiteral("message"), QStringLiteral("x")},
                          {QStringLiteral("idempotency_key"), QStringLiteral("k1")}});
    QCOMPARE(probe.status, 409);
    QVERIFY(!QString::fromUtf8(probe.body).contains(secret));
    const auto reply = m_http->function(QStringLiteral("comments-create"),
                                        {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                         {QStringLiteral("episode_number"), 1},
                                         {QStringLiteral("user_id"), QStringLiteral("nosy")},
                                         {QStringLiteral("username"), QStringLiteral("Nosy")},
                                         {QStringLiteral("message"), QStringLiteral("what plan?")},
                                         {QStringLiteral("parent_id"), double(secretId)}});
    QCOMPARE(reply.status, 404);
}

void TestAbusePaths::readingCommentsWritesNothing()
{
    // Reads once created the episode's anchor, named by the reader's anime_title: anyone could
    // fill the store, or name a thread before its first room did.
    auto read = [&](const QString &animeId) {
        return m_http->function(QStringLiteral("comments-get-by-episode"),
                                {{QStringLiteral("anime_id"), animeId},
                                 {QStringLiteral("episode_number"), 1},
                                 {QStringLiteral("anime_title"), QStringLiteral("spam")}});
    };
    for (int i = 0; i < 20; ++i) {
        const auto r = read(QStringLiteral("made-up-%1").arg(i));
        QVERIFY(r.success());
        QVERIFY(r.data().value(QLatin1String("anchor")).isNull());
        QVERIFY(r.data().value(QLatin1String("threads")).toArray().isEmpty());
    }
    QVERIFY(read(QStringLiteral("aot")).data().value(QLatin1String("anchor")).isNull());
    // A room opens its episode's thread, named after the room's anime.
    RoomFixture::create(*m_http);
    const QJsonObject anchor =
        read(QStringLiteral("aot")).data().value(QLatin1String("anchor")).toObject();
    QCOMPARE(anchor.value(QLatin1String("message")).toString(),
             QStringLiteral("Episode 1 of Attack on Titan: discussion thread"));
}

void TestAbusePaths::channelsPerConnectionAreBounded()
{
    // A burst of 100 joins is more than the socket's frame budget allows in a second.
    m_server = std::make_unique<TestServer>();
    m_server->config().socketFramesPerSecond = 1000;
    QVERIFY(m_server->start());
    WsClient greedy;
    QVERIFY(greedy.open(m_server->wsUrl()));
    // "ok", or the refusal's code.
    auto join = [&](const QString &name) {
        const QJsonObject r = greedy.join(QStringLiteral("realtime:") + name, {});
        return r.value(QLatin1String("status")).toString() == QLatin1String("ok")
            ? QStringLiteral("ok")
            : r.value(QLatin1String("response")).toObject().value(QLatin1String("code")).toString();
    };
    for (int i = 0; i < 100; ++i)
        QCOMPARE(join(QStringLiteral("t%1").arg(i)), QStringLiteral("ok"));
    QCOMPARE(join(QStringLiteral("one-more")), QStringLiteral("too_many_channels"));
    // Rejoining one it has is a replacement, not one more; leaving one makes room.
    QCOMPARE(join(QStringLiteral("t5")), QStringLiteral("ok"));
    QCOMPARE(greedy.request(QStringLiteral("realtime:t6"), QStringLiteral("phx_leave"), {})
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("ok"));
    QCOMPARE(join(QStringLiteral("one-more")), QStringLiteral("ok"));
}

void TestAbusePaths::readsAreBoundedPerAddress()
{
    // History aggregates every comment its filter names: 10 reads' worth each, so one address
    // gets 60 a minute (600 reads a minute, 5 × 120), and the single-threaded server stays
    // responsive to everyone else.
    SourcedHttp reader = from("127.0.0.4");
    HttpClient::Response r;
    int answered = 0;
    for (int i = 0; i < 61; ++i) {
        r = reader.function(QStringLiteral("comments-get-history"), {});
        if (r.status != 200)
            break;
        ++answered;
    }
    QCOMPARE(answered, 60);
    QCOMPARE(r.status, 429);
    QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
    QVERIFY(r.retryAfter.toInt() >= 1);
    QCOMPARE(from("127.0.0.5").function(QStringLiteral("comments-get-history"), {}).status, 200);
}

QTEST_GUILESS_MAIN(TestAbusePaths)
#include "tst_abuse_paths.moc"
