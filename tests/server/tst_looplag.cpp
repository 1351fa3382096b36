#include "HttpClient.h"
#include "ops/LoopLag.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QTest>

using namespace watchium;
using server::LoopLagTally;
using test::HttpClient;
using test::TestServer;

namespace {

// (at ms, late ms) pairs fed to a tally.
using Records = QList<QPair<qint64, qint64>>;

// The value of a one-line metric in /metrics text, or -1 when absent.
double metric(const QByteArray &body, const QByteArray &name)
{
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

// The serving thread's event-loop lag: the pure tally, and /metrics after a real stall.
class TestLoopLag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lateness_data();
    void lateness();
    void tally_data();
    void tally();
    void aStalledServerSaysSo();
};

void TestLoopLag::lateness_data()
{
    QTest::addColumn<qint64>("previous");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<int>("interval");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("on-time") << qint64(1000) << qint64(1050) << 50 << qint64(0);
    QTest::newRow("early") << qint64(1000) << qint64(1049) << 50 << qint64(0);
    QTest::newRow("late") << qint64(1000) << qint64(1170) << 50 << qint64(120);
    QTest::newRow("first") << qint64(0) << qint64(50) << 50 << qint64(0);
}

void TestLoopLag::lateness()
{
    QFETCH(qint64, previous);
    QFETCH(qint64, now);
    QFETCH(int, interval);
    QFETCH(qint64, expected);
    QCOMPARE(LoopLagTally::lateness(previous, now, interval), expected);
}

void TestLoopLag::tally_data()
{
    // Each record is (at ms, late ms); then the figures at `readAt`.
    QTest::addColumn<Records>("records");
    QTest::addColumn<qint64>("readAt");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<qint64>("stalls");
    QTest::addColumn<qint64>("longStalls");
    using R = Records;
    QTest::newRow("nothing") << R {} << qint64(5000) << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("small") << R {{100, 3}, {150, 49}} << qint64(200) << qint64(49) << qint64(0)
                           << qint64(0);
    QTest::newRow("one-stall") << R {{100, 3}, {220, 50}, {270, 0}} << qint64(300) << qint64(50)
                               << qint64(1) << qint64(0);
    QTest::newRow("long") << R {{100, 400}, {200, 60}} << qint64(300) << qint64(400) << qint64(2)
                          << qint64(1);
    // The largest of the last minute, not of all time; the counts stay.
    QTest::newRow("forgotten-after-a-minute")
        << R {{1000, 400}, {65'000, 20}} << qint64(75'000) << qint64(20) << qint64(1) << qint64(1);
    QTest::newRow("still-within-the-minute")
        << R {{1000, 400}, {50'000, 20}} << qint64(55'000) << qint64(400) << qint64(1) << qint64(1);
    // A slot of the ring used again a full turn later starts afresh.
    QTest::newRow("ring-wraps") << R {{1000, 300}, {71'000, 10}} << qint64(71'000) << qint64(10)
                                << qint64(1) << qint64(1);
}

void TestLoopLag::tally()
{
    QFETCH(Records, records);
    QFETCH(qint64, readAt);
    QFETCH(qint64, max);
    QFETCH(qint64, stalls);
    QFETCH(qint64, longStalls);
    LoopLagTally t;
    for (const auto &[at, late] : records)
        t.record(at, late);
    QCOMPARE(t.recentMax(readAt), max);
    QCOMPARE(t.stalls(), stalls);
    QCOMPARE(t.longStalls(), longStalls);
}

void TestLoopLag::aStalledServerSaysSo()
{
    TestServer server(TestServer::defaults());
    QVERIFY(server.start());
    HttpClient http(server.httpBase());
    const QByteArray before = http.get(QStringLiteral("/metrics")).body;
    // The start itself (migrations, on a slow machine) may have held the loop already.
    const double longBefore = metric(before, "watchium_event_loop_long_stalls");
    QVERIFY(longBefore >= 0);

    // The server runs on this thread: hold it as one slow event would.
    QElapsedTimer held;
    held.start();
    while (held.elapsed() < 2 * LoopLagTally::kLongStallMs) { }
    QByteArray after;
    QTRY_VERIFY_WITH_TIMEOUT((after = http.get(QStringLiteral("/metrics")).body,
                              metric(after, "watchium_event_loop_long_stalls") >= longBefore + 1),
                             5000);
    QVERIFY(metric(after, "watchium_event_loop_stalls") >= 1);
    QVERIFY2(metric(after, "watchium_event_loop_lag_max_seconds")
                 >= (2 * LoopLagTally::kLongStallMs - 2 * server::LoopLagProbe::kIntervalMs)
                     / 1000.0,
             after.constData());
}

QTEST_MAIN(TestLoopLag)
#include "tst_looplag.moc"
