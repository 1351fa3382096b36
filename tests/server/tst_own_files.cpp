#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium;
using protocol::Message;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

const QJsonObject kMedia {{QStringLiteral("name"), QStringLiteral("Frieren - 01.mkv")},
                          {QStringLiteral("size"), 734003200},
                          {QStringLiteral("duration"), 1442.5}};

QJsonObject ownFilesBody(const QJsonValue &media = kMedia)
{
    QJsonObject body {{QStringLiteral("title"), QStringLiteral("Own copies")},
                      {QStringLiteral("anime_id"), QStringLiteral("frieren")},
                      {QStringLiteral("anime_title"), QStringLiteral("Frieren")},
                      {QStringLiteral("episode_number"), 1},
                      {QStringLiteral("host_user_id"), QStringLiteral("host-1")},
                      {QStringLiteral("host_username"), QStringLiteral("Host")},
                      {QStringLiteral("is_public"), true}};
    if (!media.isUndefined())
        body.insert(QStringLiteral("media"), media);
    return body;
}

QString errorMessage(const HttpClient::Response &r)
{
    return r.json.value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("message"))
        .toString();
}

void verifyMedia(const QJsonObject &room)
{
    QCOMPARE(room.value(QLatin1String("video_url")).toString(), QString());
    QCOMPARE(room.value(QLatin1String("media_name")).toString(),
             QStringLiteral("Frieren - 01.mkv"));
    QCOMPARE(room.value(QLatin1String("media_size")).toInteger(), qint64(734003200));
    QCOMPARE(room.value(QLatin1String("media_duration")).toDouble(), 1442.5);
}

} // namespace

// Rooms whose members play their own copies: created with the host's file identity and no URL,
// validated, kept across restarts, and compared through presence that never carries a path.
class TestOwnFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createWithoutUrl_data();
    void createWithoutUrl();
    void urlRoomHasNoMedia();
    void badMediaRefused_data();
    void badMediaRefused();
    void restartKeepsMedia();
    void presenceMediaChecked_data();
    void presenceMediaChecked();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestOwnFiles::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestOwnFiles::cleanup()
{
    m_http.reset();
    m_server.reset();
}

void TestOwnFiles::createWithoutUrl_data()
{
    QTest::addColumn<QJsonValue>("videoUrl"); // undefined: absent
    QTest::newRow("url-absent") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("url-empty") << QJsonValue(QString());
    QTest::newRow("url-null") << QJsonValue(QJsonValue::Null);
}

void TestOwnFiles::createWithoutUrl()
{
    QFETCH(QJsonValue, videoUrl);
    QJsonObject body = ownFilesBody();
    if (!videoUrl.isUndefined())
        body.insert(QStringLiteral("video_url"), videoUrl);
    const auto created = m_http->function(QStringLiteral("rooms-create"), body);
    QVERIFY2(created.status == 200, created.body.constData());
    const QJsonObject room = created.data().value(QLatin1String("room")).toObject();
    verifyMedia(room);
    RoomFixture fixture {room.value(QLatin1String("room_id")).toString(), {}, {}};
    const auto joined = m_http->function(QStringLiteral("rooms-join"),
                                         {{QStringLiteral("room_id"), fixture.roomId},
                                          {QStringLiteral("user_id"), QStringLiteral("guest")},
                                          {QStringLiteral("username"), QStringLiteral("Guest")}});
    QCOMPARE(joined.status, 200);
    verifyMedia(joined.data().value(QLatin1String("room")).toObject());
}

void TestOwnFiles::urlRoomHasNoMedia()
{
    QJsonObject body = ownFilesBody(QJsonValue::Undefined);
    body.insert(QStringLiteral("video_url"), QStringLiteral("https://example.com/v.mp4"));
    const auto created = m_http->function(QStringLiteral("rooms-create"), body);
    QVERIFY2(created.status == 200, created.body.constData());
    const QJsonObject room = created.data().value(QLatin1String("room")).toObject();
    // The columns are there, null, so typed clients see one shape of row.
    QVERIFY(room.contains(QLatin1String("media_name")));
    QVERIFY(room.value(QLatin1String("media_name")).isNull());
    QVERIFY(room.value(QLatin1String("media_size")).isNull());
    QVERIFY(room.value(QLatin1String("media_duration")).isNull());
}

void TestOwnFiles::badMediaRefused_data()
{
    QTest::addColumn<QJsonValue>("media");
    QTest::addColumn<QString>("message");
    const auto with = [](const char *key, const QJsonValue &value) {
        QJsonObject m = kMedia;
        m.insert(QString::fromLatin1(key), value);
        return QJsonValue(m);
    };
    QTest::newRow("no-url-no-media")
        << QJsonValue(QJsonValue::Undefined) << "video_url: is required";
    QTest::newRow("not-object") << QJsonValue(QStringLiteral("ep01.mkv"))
                                << "media: must be an object";
    QTest::newRow("empty-object") << QJsonValue(QJsonObject()) << "media: must carry";
    QTest::newRow("unix-path") << with("name", QStringLiteral("/home/ann/ep01.mkv"))
                               << "media: name: must be a file name without a folder";
    QTest::newRow("windows-path") << with("name", QStringLiteral("C:\\Anime\\ep01.mkv"))
                                  << "media: name: must be a file name without a folder";
    QTest::newRow("name-256") << with("name", QString(256, QLatin1Char('n')))
                              << "media: name: must be 1 to 255 characters";
    QTest::newRow("name-control") << with("name", QStringLiteral("ep\x01.mkv"))
                                  << "media: name: must not contain control characters";
    QTest::newRow("name-number") << with("name", 1) << "media: name: must be a string";
    QTest::newRow("size-negative") << with("size", -1) << "media: size: must be a whole number";
    QTest::newRow("size-fraction") << with("size", 1.5) << "media: size: must be a whole number";
    QTest::newRow("size-huge") << with("size", 1e17) << "media: size: must be a whole number";
    QTest::newRow("duration-negative")
        << with("duration", -1) << "media: duration: must be a number of seconds";
    QTest::newRow("duration-too-long")
        << with("duration", 8 * 24 * 3600.0) << "media: duration: must be a number of seconds";
    QTest::newRow("duration-text") << with("duration", QStringLiteral("24:02"))
                                   << "media: duration: must be a number of seconds";
}

void TestOwnFiles::badMediaRefused()
{
    QFETCH(QJsonValue, media);
    QFETCH(QString, message);
    const auto r = m_http->function(QStringLiteral("rooms-create"), ownFilesBody(media));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), QStringLiteral("invalid_request"));
    QVERIFY2(errorMessage(r).startsWith(message), qPrintable(errorMessage(r)));
    const auto listed = m_http->function(QStringLiteral("rooms-list-public"), {});
    QCOMPARE(listed.data().value(QLatin1String("total")).toInt(), 0);
}

void TestOwnFiles::restartKeepsMedia()
{
    const auto created = m_http->function(QStringLiteral("rooms-create"), ownFilesBody());
    QCOMPARE(created.status, 200);
    const QString roomId = created.data()
                               .value(QLatin1String("room"))
                               .toObject()
                               .value(QLatin1String("room_id"))
                               .toString();
    m_http.reset();
    QVERIFY(m_server->restart());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    const auto joined = m_http->function(QStringLiteral("rooms-join"),
                                         {{QStringLiteral("room_id"), roomId},
                                          {QStringLiteral("user_id"), QStringLiteral("guest")},
                                          {QStringLiteral("username"), QStringLiteral("Guest")}});
    QCOMPARE(joined.status, 200);
    verifyMedia(joined.data().value(QLatin1String("room")).toObject());

    // The host changes the video to a URL for everyone: the stored file goes, in the store too.
    const auto changed = m_http->function(
        QStringLiteral("sync-control"),
        QJsonObject {{QStringLiteral("room_id"), roomId},
                     {QStringLiteral("user_id"), QStringLiteral("host-1")},
                     {QStringLiteral("action"), QStringLiteral("video")},
                     {QStringLiteral("video_url"), QStringLiteral("https://example.com/ep1.mp4")}},
        created.data().value(QLatin1String("member_token")).toString());
    QCOMPARE(changed.status, 200);
    QVERIFY(changed.data()
                .value(QLatin1String("room"))
                .toObject()
                .value(QLatin1String("media_name"))
                .isNull());
    m_http.reset();
    QVERIFY(m_server->restart());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    const auto again = m_http->function(QStringLiteral("rooms-join"),
                                        {{QStringLiteral("room_id"), roomId},
                                         {QStringLiteral("user_id"), QStringLiteral("late")},
                                         {QStringLiteral("username"), QStringLiteral("Late")}});
    QCOMPARE(again.status, 200);
    const QJsonObject room = again.data().value(QLatin1String("room")).toObject();
    QCOMPARE(room.value(QLatin1String("video_url")).toString(),
             QStringLiteral("https://example.com/ep1.mp4"));
    QVERIFY(room.value(QLatin1String("media_name")).isNull());
}

void TestOwnFiles::presenceMediaChecked_data()
{
    QTest::addColumn<QJsonValue>("media");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("name-size-duration") << QJsonValue(kMedia) << true;
    QTest::newRow("duration-only") << QJsonValue(QJsonObject {{"duration", 30.0}}) << true;
    QTest::newRow("path-for-name")
        << QJsonValue(QJsonObject {{"name", "/home/ann/ep01.mkv"}}) << false;
    QTest::newRow("not-object") << QJsonValue(QStringLiteral("/home/ann/ep01.mkv")) << false;
    QTest::newRow("negative-size") << QJsonValue(QJsonObject {{"size", -5}}) << false;
}

void TestOwnFiles::presenceMediaChecked()
{
    QFETCH(QJsonValue, media);
    QFETCH(bool, accepted);
    const auto room = RoomFixture::create(*m_http);
    const QString token = room.join(*m_http, QStringLiteral("a"));
    WsClient tracker;
    WsClient viewer;
    QVERIFY(tracker.open(m_server->wsUrl()));
    QVERIFY(viewer.open(m_server->wsUrl()));
    const QJsonObject trackerConfig {{QStringLiteral("presence"),
                                      QJsonObject {{QStringLiteral("key"), QStringLiteral("a")},
                                                   {QStringLiteral("enabled"), true}}}};
    QCOMPARE(
        tracker.join(room.topic(), trackerConfig, token).value(QLatin1String("status")).toString(),
        QStringLiteral("ok"));
    // Presence on, under a key of its own: a viewer that is told every member's meta.
    const QJsonObject viewerConfig {{QStringLiteral("presence"),
                                     QJsonObject {{QStringLiteral("key"), QStringLiteral("viewer")},
                                                  {QStringLiteral("enabled"), true}}}};
    QCOMPARE(viewer.join(room.topic(), viewerConfig).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));
    const QJsonObject meta {{QStringLiteral("user_id"), QStringLiteral("a")},
                            {QStringLiteral("current_time"), 0.0},
                            {QStringLiteral("media"), media}};
    const QJsonObject reply = tracker.request(room.topic(), QStringLiteral("presence"),
                                              {{QStringLiteral("type"), QStringLiteral("presence")},
                                               {QStringLiteral("event"), QStringLiteral("track")},
                                               {QStringLiteral("payload"), meta}});
    QCOMPARE(reply.value(QLatin1String("status")).toString(),
             accepted ? QStringLiteral("ok") : QStringLiteral("error"));
    if (!accepted) {
        QVERIFY(reply.value(QLatin1String("response"))
                    .toObject()
                    .value(QLatin1String("reason"))
                    .toString()
                    .startsWith(QLatin1String("presence media: ")));
        return;
    }
    const auto diff = viewer.waitFor([](const Message &m) {
        return m.event == QLatin1String("presence_diff")
            && m.payload.value(QLatin1String("joins")).toObject().contains(QLatin1String("a"));
    });
    QVERIFY(diff);
    const QJsonObject relayed = diff->payload.value(QLatin1String("joins"))
                                    .toObject()
                                    .value(QLatin1String("a"))
                                    .toObject()
                                    .value(QLatin1String("metas"))
                                    .toArray()
                                    .at(0)
                                    .toObject();
    QCOMPARE(relayed.value(QLatin1String("media")), media);
}

QTEST_GUILESS_MAIN(TestOwnFiles)
#include "tst_own_files.moc"
