#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

QJsonObject config(const QString &key)
{
    return {{QStringLiteral("broadcast"), QJsonObject {{QStringLiteral("self"), false}}},
            {QStringLiteral("presence"),
             QJsonObject {{QStringLiteral("key"), key}, {QStringLiteral("enabled"), true}}}};
}

QString status(const QJsonObject &reply)
{
    return reply.value(QLatin1String("status")).toString();
}

} // namespace

// A host control starts `lead` ms after the server takes it, long enough for
// the slowest connected member to receive it first. On a jittery path half
// the quickest round trip says nothing about how late a broadcast lands, so
// a member's measured server-to-client delay wins when it sends one.
class TestControlLead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leadFollowsSlowestMember_data();
    void leadFollowsSlowestMember();
};

void TestControlLead::leadFollowsSlowestMember_data()
{
    QTest::addColumn<QJsonObject>("delays"); // the member's presence fields
    QTest::addColumn<qint64>("lead");
    // ServerConfig: 40 ms over the slowest one-way delay, within 80-300 ms.
    QTest::newRow("no-delay-known") << QJsonObject {} << qint64(80);
    QTest::newRow("quick-path") << QJsonObject {{QStringLiteral("rtt_ms"), 20}} << qint64(80);
    QTest::newRow("rtt-only") << QJsonObject {{QStringLiteral("rtt_ms"), 200}} << qint64(140);
    QTest::newRow("down-delay-wins")
        << QJsonObject {{QStringLiteral("rtt_ms"), 160}, {QStringLiteral("down_delay_ms"), 245}}
        << qint64(285);
    QTest::newRow("down-delay-clamped")
        << QJsonObject {{QStringLiteral("rtt_ms"), 160}, {QStringLiteral("down_delay_ms"), 900}}
        << qint64(300);
    QTest::newRow("bad-down-delay-falls-back")
        << QJsonObject {{QStringLiteral("rtt_ms"), 200}, {QStringLiteral("down_delay_ms"), -5}}
        << qint64(140);
    QTest::newRow("absurd-down-delay-falls-back")
        << QJsonObject {{QStringLiteral("rtt_ms"), 200}, {QStringLiteral("down_delay_ms"), 1e9}}
        << qint64(140);
    QTest::newRow("down-delay-not-a-number")
        << QJsonObject {{QStringLiteral("rtt_ms"), 200}, {QStringLiteral("down_delay_ms"), "250"}}
        << qint64(140);
}

void TestControlLead::leadFollowsSlowestMember()
{
    QFETCH(QJsonObject, delays);
    QFETCH(qint64, lead);
    auto cfg = TestServer::defaults();
    cfg.rateLimits = false;
    TestServer server(cfg);
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http);
    const QString memberToken = room.join(http, QStringLiteral("far"));
    WsClient host;
    WsClient member;
    QVERIFY(host.open(server.wsUrl()));
    QVERIFY(member.open(server.wsUrl()));
    QCOMPARE(status(host.join(room.topic(), config(QStringLiteral("host-1")), room.hostToken)),
             QStringLiteral("ok"));
    QCOMPARE(status(member.join(room.topic(), config(QStringLiteral("far")), memberToken)),
             QStringLiteral("ok"));
    QJsonObject meta {{QStringLiteral("user_id"), QStringLiteral("far")},
                      {QStringLiteral("current_time"), 0.0},
                      {QStringLiteral("is_playing"), false}};
    for (auto it = delays.constBegin(); it != delays.constEnd(); ++it)
        meta.insert(it.key(), it.value());
    QCOMPARE(status(member.request(room.topic(), QStringLiteral("presence"),
                                   {{QStringLiteral("type"), QStringLiteral("presence")},
                                    {QStringLiteral("event"), QStringLiteral("track")},
                                    {QStringLiteral("payload"), meta}})),
             QStringLiteral("ok"));

    const QJsonObject reply = host.request(room.topic(), QStringLiteral("sync_control"),
                                           {{QStringLiteral("action"), QStringLiteral("play")},
                                            {QStringLiteral("current_time"), 1.0}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const QJsonObject response = reply.value(QLatin1String("response")).toObject();
    const qint64 startsAt = response.value(QLatin1String("state"))
                                .toObject()
                                .value(QLatin1String("server_time_ms"))
                                .toInteger();
    const qint64 takenAt = response.value(QLatin1String("server_time")).toInteger();
    QCOMPARE(startsAt - takenAt, lead);
}

QTEST_GUILESS_MAIN(TestControlLead)
#include "tst_control_lead.moc"
