#include "ops/Cleanup.h"
#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

// What the store keeps across restarts, and what cleanup removes.
class TestStoreLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartKeepsRoomsAndComments();
    void cleanupRemovesIdleAndStale();
};

void TestStoreLifecycle::restartKeepsRoomsAndComments()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    TestServer server(config);
    QVERIFY(server.start());
    RoomFixture room;
    QString guestToken;
    {
        HttpClient http(server.httpBase());
        room = RoomFixture::create(http, false);
        guestToken = room.join(http, QStringLiteral("guest"));
        QCOMPARE(http.function(QStringLiteral("sync-control"),
                               {{QStringLiteral("room_id"), room.roomId},
                                {QStringLiteral("action"), QStringLiteral("seek")},
                                {QStringLiteral("current_time"), 321.0}},
                               room.hostToken)
                     .status,
                 200);
        QCOMPARE(http.function(QStringLiteral("comments-create"),
                               {{QStringLiteral("room_id"), room.roomId},
                                {QStringLiteral("message"), QStringLiteral("still here?")},
                                {QStringLiteral("video_timestamp"), 321.0}},
                               guestToken)
                     .status,
                 200);
    }
    QVERIFY(server.restart());
    HttpClient http(server.httpBase());
    const auto time = http.function(QStringLiteral("sync-get-host-time"),
                                    {{QStringLiteral("room_id"), room.roomId}}, guestToken);
    QCOMPARE(time.status, 200);
    QCOMPARE(time.data().value(QLatin1String("current_time")).toDouble(), 321.0);
    // Tokens survive: the host still controls, the guest can rejoin its channel.
    QCOMPARE(http.function(QStringLiteral("sync-control"),
                           {{QStringLiteral("room_id"), room.roomId},
                            {QStringLiteral("action"), QStringLiteral("play")}},
                           room.hostToken)
                 .status,
             200);
    WsClient guest;
    QVERIFY(guest.open(server.wsUrl()));
    QCOMPARE(guest.join(room.topic(), {}, guestToken).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));
    // A private room's comments: its members read them with their token.
    const auto comments = http.function(QStringLiteral("comments-get-by-episode"),
                                        {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                         {QStringLiteral("episode_number"), 1},
                                         {QStringLiteral("room_id"), room.roomId}},
                                        guestToken);
    const QJsonArray threads = comments.data().value(QLatin1String("threads")).toArray();
    QCOMPARE(threads.size(), 1);
    QCOMPARE(threads.at(0).toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("still here?"));
    const auto members = http.function(QStringLiteral("members-get-list"),
                                       {{QStringLiteral("room_id"), room.roomId}}, guestToken);
    QCOMPARE(members.data().value(QLatin1String("total")).toInt(), 2);
}

void TestStoreLifecycle::cleanupRemovesIdleAndStale()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    config.cleanupIntervalMs = 100;
    config.roomIdleMs = 300;
    config.syncStateRetentionMs = 300;
    config.staleMemberMs = 300;
    TestServer server(config);
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    QSignalSpy runs(server.server()->cleanup(), &server::Cleanup::finished);

    const auto idle = RoomFixture::create(http, true, QStringLiteral("idle-host"));
    const auto watched = RoomFixture::create(http, true, QStringLiteral("watching-host"));
    QCOMPARE(http.function(QStringLiteral("comments-create"),
                           {{QStringLiteral("room_id"), idle.roomId},
                            {QStringLiteral("message"), QStringLiteral("outlives the room")}},
                           idle.hostToken)
                 .status,
             200);
    QCOMPARE(http.function(QStringLiteral("sync-control"),
                           {{QStringLiteral("room_id"), watched.roomId},
                            {QStringLiteral("action"), QStringLiteral("play")}},
                           watched.hostToken)
                 .status,
             200);
    watched.join(http, QStringLiteral("never-connects"));
    WsClient host;
    QVERIFY(host.open(server.wsUrl()));
    QCOMPARE(
        host.join(watched.topic(), {}, watched.hostToken).value(QLatin1String("status")).toString(),
        QStringLiteral("ok"));

    auto removed = [&](int column) {
        int total = 0;
        for (const QList<QVariant> &run : std::as_const(runs))
            total += run.at(column).toInt();
        return total;
    };
    QTRY_VERIFY_WITH_TIMEOUT(removed(0) >= 1 && removed(1) >= 1 && removed(2) >= 1, 10000);
    QCOMPARE(http.function(QStringLiteral("rooms-join"),
                           {{QStringLiteral("room_id"), idle.roomId},
                            {QStringLiteral("user_id"), QStringLiteral("late")},
                            {QStringLiteral("username"), QStringLiteral("Late")}})
                 .status,
             404);
    // Someone is connected: the watched room stays, but the member who never
    // came is gone.
    const auto members = http.function(QStringLiteral("members-get-list"),
                                       {{QStringLiteral("room_id"), watched.roomId}});
    QCOMPARE(members.status, 200);
    QCOMPARE(members.data().value(QLatin1String("total")).toInt(), 1);
    // Comments outlive rooms.
    const auto thread = http.function(QStringLiteral("comments-get-by-episode"),
                                      {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                       {QStringLiteral("episode_number"), 1}});
    QCOMPARE(thread.data().value(QLatin1String("total_threads")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestStoreLifecycle)
#include "tst_store_lifecycle.moc"
