#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

// The seeds' limits, enforced end to end with 429 and Retry-After.
class TestRateLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void syncControlOverHttp();
    void syncControlOverSocket();
    void comments();
    void roomCreation();
    void privateKeyGuesses();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestRateLimits::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestRateLimits::cleanup()
{
    m_http.reset();
    m_server.reset();
}

void TestRateLimits::syncControlOverHttp()
{
    const auto room = RoomFixture::create(*m_http);
    int limited = 0;
    QByteArray retryAfter;
    for (int i = 0; i < 8; ++i) {
        const auto r = m_http->function(QStringLiteral("sync-control"),
                                        {{QStringLiteral("room_id"), room.roomId},
                                         {QStringLiteral("action"), QStringLiteral("seek")},
                                         {QStringLiteral("current_time"), double(i)}},
                                        room.hostToken);
        if (r.status == 429) {
            ++limited;
            retryAfter = r.retryAfter;
            QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
        }
    }
    // 2 per second: eight quick requests cannot all pass.
    QVERIFY(limited >= 1);
    QVERIFY(retryAfter.toInt() >= 1);
}

void TestRateLimits::syncControlOverSocket()
{
    const auto room = RoomFixture::create(*m_http);
    WsClient host;
    QVERIFY(host.open(m_server->wsUrl()));
    QCOMPARE(host.join(room.topic(), {}, room.hostToken).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));
    int limited = 0;
    for (int i = 0; i < 8; ++i) {
        const QJsonObject reply = host.request(room.topic(), QStringLiteral("sync_control"),
                                               {{QStringLiteral("action"), QStringLiteral("seek")},
                                                {QStringLiteral("current_time"), double(i)}});
        const QString code = reply.value(QLatin1String("response"))
                                 .toObject()
                                 .value(QLatin1String("code"))
                                 .toString();
        limited += code == QLatin1String("rate_limited") ? 1 : 0;
    }
    QVERIFY(limited >= 1);
}

void TestRateLimits::comments()
{
    auto post = [&](int i, int episode = 1) {
        return m_http->function(
            QStringLiteral("comments-create"),
            {{QStringLiteral("anime_id"), QStringLiteral("aot")},
             {QStringLiteral("episode_number"), episode},
             {QStringLiteral("user_id"), QStringLiteral("chatty")},
             {QStringLiteral("username"), QStringLiteral("Chatty")},
             {QStringLiteral("message"), QStringLiteral("msg %1").arg(i)},
             {QStringLiteral("idempotency_key"), QStringLiteral("k%1").arg(i)}});
    };
    for (int i = 0; i < 3; ++i)
        QCOMPARE(post(i).status, 200);
    // Retries of a saved comment cost nothing.
    for (int retry = 0; retry < 3; ++retry) {
        const auto again = post(2);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.data().value(QLatin1String("duplicate")).toBool(), true);
    }
    // The same key for another episode is no retry of that comment: it gets the saved comment
    // but counts (it opened that episode's thread).
    const auto elsewhere = post(2, 2);
    QCOMPARE(elsewhere.status, 200);
    QCOMPARE(elsewhere.data().value(QLatin1String("duplicate")).toBool(), true);
    QCOMPARE(post(4).status, 200); // the fifth
    const auto sixth = post(5);
    QCOMPARE(sixth.status, 429);
    QVERIFY(sixth.retryAfter.toInt() >= 1);
    QVERIFY(sixth.retryAfter.toInt() <= 60);
    // A retry of a comment that was saved (its answer lost, say) still gets that answer.
    const auto retry = post(4);
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.data().value(QLatin1String("duplicate")).toBool(), true);
    QCOMPARE(retry.data()
                 .value(QLatin1String("comment"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("msg 4"));
    // Another user is not held back by this one.
    QCOMPARE(m_http
                 ->function(QStringLiteral("comments-create"),
                            {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                             {QStringLiteral("episode_number"), 1},
                             {QStringLiteral("user_id"), QStringLiteral("quiet")},
                             {QStringLiteral("username"), QStringLiteral("Quiet")},
                             {QStringLiteral("message"), QStringLiteral("hi")}})
                 .status,
             200);
}

void TestRateLimits::roomCreation()
{
    for (int i = 0; i < 10; ++i)
        QVERIFY(!RoomFixture::create(*m_http).roomId.isEmpty());
    const auto r = m_http->function(
        QStringLiteral("rooms-create"),
        {{QStringLiteral("title"), QStringLiteral("Room")},
         {QStringLiteral("anime_id"), QStringLiteral("aot")},
         {QStringLiteral("anime_title"), QStringLiteral("AoT")},
         {QStringLiteral("episode_number"), 1},
         {QStringLiteral("video_url"), QStringLiteral("https://example.com/v.mp4")},
         {QStringLiteral("host_user_id"), QStringLiteral("host-1")},
         {QStringLiteral("host_username"), QStringLiteral("Host")}});
    QCOMPARE(r.status, 429);
    QVERIFY(r.retryAfter.toInt() > 60); // an hour-long window
}

void TestRateLimits::privateKeyGuesses()
{
    const auto room = RoomFixture::create(*m_http, false);
    const QString wrong = room.accessKey == QLatin1String("000000") ? QStringLiteral("000001")
                                                                    : QStringLiteral("000000");
    auto attempt = [&](const QString &key, int i) {
        return m_http->function(QStringLiteral("rooms-join"),
                                {{QStringLiteral("room_id"), room.roomId},
                                 {QStringLiteral("user_id"), QStringLiteral("guesser-%1").arg(i)},
                                 {QStringLiteral("username"), QStringLiteral("G")},
                                 {QStringLiteral("access_key"), key}});
    };
    for (int i = 0; i < 10; ++i)
        QCOMPARE(attempt(wrong, i).status, 403);
    // Once locked out, even the right key waits: guessing cannot be told apart.
    const auto locked = attempt(room.accessKey, 99);
    QCOMPARE(locked.status, 429);
    QVERIFY(!locked.retryAfter.isEmpty());
}

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_rate_limits.moc"
