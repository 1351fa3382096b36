#include "MemberRowChange.h"
#include "realtime/PresenceLiveness.h"
#include "RoomClientTestKit.h"
#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace watchium;
using protocol::Message;
using server::PresenceLiveness;
using test::HttpClient;
using test::memberIsOnline;
using test::memberRowChange;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

constexpr int kPresenceTimeoutMs = 500;
constexpr int kWaitMs = 10000;

// realtime-js's config, with Watchium's `interval_ms` when `intervalMs` is set.
QJsonObject joinConfig(const QString &key, int intervalMs = 0, const QJsonArray &changes = {})
{
    QJsonObject presence {{QStringLiteral("key"), key}, {QStringLiteral("enabled"), true}};
    if (intervalMs > 0)
        presence.insert(QStringLiteral("interval_ms"), intervalMs);
    return {{QStringLiteral("broadcast"), QJsonObject {{QStringLiteral("self"), false}}},
            {QStringLiteral("presence"), presence},
            {QStringLiteral("postgres_changes"), changes}};
}

QJsonObject track(double position = 0.0)
{
    return {{QStringLiteral("type"), QStringLiteral("presence")},
            {QStringLiteral("event"), QStringLiteral("track")},
            {QStringLiteral("payload"),
             QJsonObject {{QStringLiteral("current_time"), position},
                          {QStringLiteral("is_playing"), false}}}};
}

bool ok(const QJsonObject &reply)
{
    return reply.value(QLatin1String("status")) == QLatin1String("ok");
}

// A presence_diff that names `key` among its joins or its leaves.
WsClient::Predicate diff(const char *side, const QString &key)
{
    return [side, key](const Message &m) {
        return m.event == QLatin1String("presence_diff")
            && m.payload.value(QLatin1String(side)).toObject().contains(key);
    };
}

// A presence_diff after which `key` holds nothing: every meta of it that joins in the diff leaves
// in it too (an update in the same window joins one and leaves its predecessor).
WsClient::Predicate leaves(const QString &key)
{
    return [key](const Message &m) {
        if (!diff("leaves", key)(m))
            return false;
        auto refs = [&](const char *side) {
            QStringList found;
            const QJsonArray metas = m.payload.value(QLatin1String(side))
                                         .toObject()
                                         .value(key)
                                         .toObject()
                                         .value(QLatin1String("metas"))
                                         .toArray();
            for (const QJsonValue &meta : metas)
                found << meta.toObject().value(QLatin1String("phx_ref")).toString();
            return found;
        };
        const QStringList left = refs("leaves");
        const QStringList joined = refs("joins");
        return std::all_of(joined.cbegin(), joined.cend(),
                           [&left](const QString &ref) { return left.contains(ref); });
    };
}

} // namespace

// A member whose client declared that it tracks presence on a period and then fell silent (a
// frozen process: the kernel keeps its socket open) goes offline after the presence bound, far
// before the socket timeout, and comes back when it tracks again; realtime-js clients, which
// track once, are never expired.
class TestPresenceLiveness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void declaredInterval_data();
    void declaredInterval();
    void silence_data();
    void silence();

    void silentMemberGoesOfflineAndReturns();
    void silentHostHandsOverAfterGrace();

private:
    static server::ServerConfig config(int hostGraceMs = 30000)
    {
        auto c = TestServer::defaults();
        c.rateLimits = false;
        c.persistIntervalMs = 50;
        c.presenceTimeoutMs = kPresenceTimeoutMs;
        c.hostGraceMs = hostGraceMs;
        return c;
    }
};

void TestPresenceLiveness::declaredInterval_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << 0;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << 0;
    QTest::newRow("text") << QJsonValue(QStringLiteral("3000")) << 0;
    QTest::newRow("watchium") << QJsonValue(3000) << 3000;
    QTest::newRow("fraction") << QJsonValue(2999.6) << 3000;
    QTest::newRow("shortest") << QJsonValue(PresenceLiveness::kMinIntervalMs)
                              << PresenceLiveness::kMinIntervalMs;
    QTest::newRow("too-short") << QJsonValue(PresenceLiveness::kMinIntervalMs - 1) << 0;
    QTest::newRow("longest") << QJsonValue(PresenceLiveness::kMaxIntervalMs)
                             << PresenceLiveness::kMaxIntervalMs;
    QTest::newRow("too-long") << QJsonValue(PresenceLiveness::kMaxIntervalMs + 1) << 0;
    QTest::newRow("negative") << QJsonValue(-3000) << 0;
    QTest::newRow("huge") << QJsonValue(1e300) << 0;
}

void TestPresenceLiveness::declaredInterval()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, expected);
    QCOMPARE(PresenceLiveness::declaredIntervalMs(value), expected);
}

void TestPresenceLiveness::silence_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<qint64>("silentForMs");
    QTest::addColumn<qint64>("bound");
    QTest::addColumn<bool>("silent");
    QTest::newRow("realtime-js-never") << 0 << 10000 << qint64(3'600'000) << qint64(10000) << false;
    QTest::newRow("watchium-missed-one") << 3000 << 10000 << qint64(6500) << qint64(10000) << false;
    QTest::newRow("watchium-at-bound") << 3000 << 10000 << qint64(10000) << qint64(10000) << false;
    QTest::newRow("watchium-past-bound") << 3000 << 10000 << qint64(10001) << qint64(10000) << true;
    // A slow period stretches the bound to two periods, so one late track is no absence.
    QTest::newRow("slow-period") << 8000 << 10000 << qint64(12000) << qint64(16000) << false;
    QTest::newRow("slow-period-gone") << 8000 << 10000 << qint64(16001) << qint64(16000) << true;
    // Within the 30 s a member may look online while gone, with the longest period allowed.
    QTest::newRow("longest-period")
        << PresenceLiveness::kMaxIntervalMs << 10000 << qint64(30001) << qint64(30000) << true;
}

void TestPresenceLiveness::silence()
{
    QFETCH(int, intervalMs);
    QFETCH(int, timeoutMs);
    QFETCH(qint64, silentForMs);
    QFETCH(qint64, bound);
    QFETCH(bool, silent);
    QCOMPARE(PresenceLiveness::silenceBoundMs(intervalMs, timeoutMs), bound);
    const qint64 lastTrack = 1'700'000'000'000;
    QCOMPARE(PresenceLiveness::isSilent(intervalMs, lastTrack, lastTrack + silentForMs, timeoutMs),
             silent);
}

void TestPresenceLiveness::silentMemberGoesOfflineAndReturns()
{
    TestServer server(config());
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http);
    const QString frozen = QStringLiteral("frozen");
    WsClient native;
    QVERIFY(native.open(server.wsUrl()));
    QVERIFY(ok(native.join(room.topic(), joinConfig(frozen, 100), room.join(http, frozen))));
    // It reports every 100 ms, as it declared, until it freezes (the answer to a report waits
    // for the presence window: one report alone would be silent before the checks below).
    QTimer reports;
    reports.setInterval(100);
    connect(&reports, &QTimer::timeout, &native,
            [&] { native.push(room.topic(), QStringLiteral("presence"), track()); });
    reports.start();
    QVERIFY(ok(native.request(room.topic(), QStringLiteral("presence"), track())));
    // A supabase-js member: tracks once, then only heartbeats.
    const QString web = QStringLiteral("web");
    WsClient observer;
    QVERIFY(observer.open(server.wsUrl()));
    const QJsonArray rows {QJsonObject {{QStringLiteral("event"), QStringLiteral("UPDATE")},
                                        {QStringLiteral("schema"), QStringLiteral("public")},
                                        {QStringLiteral("table"), QStringLiteral("room_members")}}};
    QVERIFY(ok(observer.join(room.topic(), joinConfig(web, 0, rows), room.join(http, web))));
    QVERIFY(ok(observer.request(room.topic(), QStringLiteral("presence"), track())));
    QVERIFY(memberIsOnline(http, room.roomId, frozen));

    // The native client stops tracking; its socket stays open.
    reports.stop();
    QElapsedTimer silentFor;
    silentFor.start();
    QVERIFY(observer.waitFor(leaves(frozen), kWaitMs));
    QVERIFY2(silentFor.elapsed() < 4 * kPresenceTimeoutMs,
             qPrintable(QString::number(silentFor.elapsed())));
    QVERIFY(native.isConnected());
    QVERIFY(!memberIsOnline(http, room.roomId, frozen));
    QVERIFY(observer.waitFor(memberRowChange(frozen, false), kWaitMs));

    // Long past the bound, the web member's single track still holds.
    WsClient late;
    QVERIFY(late.open(server.wsUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(silentFor.elapsed() > 3 * kPresenceTimeoutMs, kWaitMs);
    QVERIFY(ok(late.join(room.topic(), joinConfig(QString()))));
    const auto state =
        late.waitFor([](const Message &m) { return m.event == QLatin1String("presence_state"); });
    QVERIFY(state);
    QVERIFY(state->payload.contains(web));
    QVERIFY(!state->payload.contains(frozen));
    QVERIFY(observer.count(diff("leaves", web)) == 0);
    // Its row, though, goes by reports, as the seeds' last_heartbeat does: offline once none
    // came for the presence timeout (the seeds' client tracks every 3 s and stays online).
    QVERIFY(!memberIsOnline(http, room.roomId, web));
    QVERIFY(observer.waitFor(memberRowChange(web, false), kWaitMs));

    // Thawed: its next track brings it back, in a diff of its own (the observer's first diff
    // may already have carried the frozen member's first join, in the same presence window).
    const int joinsBefore = observer.count(diff("joins", frozen));
    reports.start();
    QVERIFY(ok(native.request(room.topic(), QStringLiteral("presence"), track(5.0))));
    QTRY_VERIFY_WITH_TIMEOUT(observer.count(diff("joins", frozen)) > joinsBefore, kWaitMs);
    QVERIFY(memberIsOnline(http, room.roomId, frozen));
    // Told to postgres_changes subscribers both ways, once each.
    QVERIFY(observer.waitFor(memberRowChange(frozen, true), kWaitMs));
    QCOMPARE(observer.count(memberRowChange(frozen, false)), 1);
}

void TestPresenceLiveness::silentHostHandsOverAfterGrace()
{
    constexpr int kGraceMs = 300;
    TestServer server(config(kGraceMs));
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const auto room = RoomFixture::create(http, true, QStringLiteral("host-1"));
    WsClient host;
    QVERIFY(host.open(server.wsUrl()));
    QVERIFY(ok(host.join(room.topic(), joinConfig(QStringLiteral("host-1"), 100), room.hostToken)));
    // From before its last report: the answer to it waits for the presence diff that carries it.
    QElapsedTimer frozenFor;
    frozenFor.start();
    QVERIFY(ok(host.request(room.topic(), QStringLiteral("presence"), track())));
    WsClient member;
    QVERIFY(member.open(server.wsUrl()));
    QVERIFY(ok(member.join(room.topic(), joinConfig(QStringLiteral("ben")),
                           room.join(http, QStringLiteral("ben")))));

    // The host freezes: offline after the presence bound, the role passes after the grace,
    // while its socket is still open.
    const auto handover =
        member.waitForBroadcast(room.topic(), QStringLiteral("new_host"), kWaitMs);
    QVERIFY(handover);
    const QJsonObject payload = handover->payload.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("user_id")).toString(), QStringLiteral("ben"));
    QCOMPARE(payload.value(QLatin1String("reason")).toString(),
             QStringLiteral("host_disconnected"));
    QVERIFY(frozenFor.elapsed() >= kPresenceTimeoutMs + kGraceMs - 50);
    QVERIFY(host.isConnected());

    // Thawed, the old host is a member again: online, and refused as host.
    QVERIFY(ok(host.request(room.topic(), QStringLiteral("presence"), track())));
    QTRY_VERIFY_WITH_TIMEOUT(memberIsOnline(http, room.roomId, QStringLiteral("host-1")), kWaitMs);
    const QJsonObject control = host.request(room.topic(), QStringLiteral("sync_control"),
                                             {{QStringLiteral("action"), QStringLiteral("play")},
                                              {QStringLiteral("current_time"), 1.0}});
    QVERIFY(!ok(control));
}

QTEST_GUILESS_MAIN(TestPresenceLiveness)
#include "tst_presence_liveness.moc"
