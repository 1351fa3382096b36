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

bool joined(WsClient &c, const RoomFixture &room, const QString &token)
{
    return c.join(room.topic(), RoomFixture::joinConfig(), token).value(QLatin1String("status"))
        == QLatin1String("ok");
}

} // namespace

// Host authority passes on automatically: at once when the host leaves, and
// after a grace period when the host's connection drops.
class TestHostAuthority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disconnectedHostPassesAfterGrace();
    void hostReturningWithinGraceKeepsRole();
    void newHostCanControlOldCannot();

private:
    static server::ServerConfig config(int graceMs)
    {
        auto c = TestServer::defaults();
        c.rateLimits = false;
        c.hostGraceMs = graceMs;
        return c;
    }
};

void TestHostAuthority::disconnectedHostPassesAfterGrace()
{
    TestServer server(config(300));
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http);
    const QString offlineToken = room.join(http, QStringLiteral("offline-early"));
    Q_UNUSED(offlineToken)
    const QString watcherToken = room.join(http, QStringLiteral("watcher"));
    WsClient host;
    WsClient watcher;
    QVERIFY(host.open(server.wsUrl()));
    QVERIFY(watcher.open(server.wsUrl()));
    QVERIFY(joined(host, room, room.hostToken));
    QVERIFY(joined(watcher, room, watcherToken));

    host.close();
    // "offline-early" joined first but is not connected: the role goes to
    // someone who is watching.
    const auto newHost = watcher.waitForBroadcast(room.topic(), QStringLiteral("new_host"), 10000);
    QVERIFY(newHost);
    const QJsonObject payload = newHost->payload.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("user_id")).toString(), QStringLiteral("watcher"));
    QCOMPARE(payload.value(QLatin1String("previous_host_user_id")).toString(),
             QStringLiteral("host-1"));
    QCOMPARE(payload.value(QLatin1String("reason")).toString(),
             QStringLiteral("host_disconnected"));
    // Nothing goes into the episode's thread: the clients say it, in their own language.
    QVERIFY(!watcher.waitForBroadcast(room.topic(), QStringLiteral("new_comment"), 300));
    const auto list = http.function(QStringLiteral("members-get-list"),
                                    {{QStringLiteral("room_id"), room.roomId}});
    QCOMPARE(list.data().value(QLatin1String("host_user_id")).toString(),
             QStringLiteral("watcher"));
}

void TestHostAuthority::hostReturningWithinGraceKeepsRole()
{
    TestServer server(config(1500));
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http);
    const QString watcherToken = room.join(http, QStringLiteral("watcher"));
    WsClient watcher;
    QVERIFY(watcher.open(server.wsUrl()));
    QVERIFY(joined(watcher, room, watcherToken));
    {
        WsClient host;
        QVERIFY(host.open(server.wsUrl()));
        QVERIFY(joined(host, room, room.hostToken));
        host.close();
    }
    WsClient back;
    QVERIFY(back.open(server.wsUrl()));
    QVERIFY(joined(back, room, room.hostToken));
    // Well past the grace period, nobody took over.
    QVERIFY(!watcher.waitForBroadcast(room.topic(), QStringLiteral("new_host"), 2500));
    const auto list = http.function(QStringLiteral("members-get-list"),
                                    {{QStringLiteral("room_id"), room.roomId}});
    QCOMPARE(list.data().value(QLatin1String("host_user_id")).toString(), QStringLiteral("host-1"));
}

void TestHostAuthority::newHostCanControlOldCannot()
{
    TestServer server(config(30000));
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http);
    const QString nextToken = room.join(http, QStringLiteral("next"));
    WsClient next;
    QVERIFY(next.open(server.wsUrl()));
    QVERIFY(joined(next, room, nextToken));
    QCOMPARE(http.function(QStringLiteral("rooms-leave"),
                           {{QStringLiteral("room_id"), room.roomId}}, room.hostToken)
                 .status,
             200);
    const auto newHost = next.waitForBroadcast(room.topic(), QStringLiteral("new_host"));
    QVERIFY(newHost);
    QCOMPARE(newHost->payload.value(QLatin1String("payload"))
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString(),
             QStringLiteral("host_left"));
    QVERIFY(next.waitForBroadcast(room.topic(), QStringLiteral("member_left")));
    const QJsonObject reply = next.request(room.topic(), QStringLiteral("sync_control"),
                                           {{QStringLiteral("action"), QStringLiteral("seek")},
                                            {QStringLiteral("current_time"), 7.0}});
    QCOMPARE(reply.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    // The old host's token is gone with its membership.
    const auto old = http.function(QStringLiteral("sync-control"),
                                   {{QStringLiteral("room_id"), room.roomId},
                                    {QStringLiteral("action"), QStringLiteral("play")}},
                                   room.hostToken);
    QCOMPARE(old.status, 403);
}

QTEST_GUILESS_MAIN(TestHostAuthority)
#include "tst_host_authority.moc"
