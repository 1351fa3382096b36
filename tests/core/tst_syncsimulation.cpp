#include "sync/ClockSync.h"
#include "sync/SyncController.h"

#include <QList>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace watchium;

// Closes the loop in simulated time: ClockSync learns the offset from pings
// over a jittery path, SyncController drives a simulated player. A logic test
// of the two together, not a timing test: nothing here reads a clock.
class TestSyncSimulation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void converges_data();
    void converges();
};

namespace {

constexpr qint64 kTickMs = 50;
constexpr qint64 kStartMs = 5'000; // local monotonic clock at the start
constexpr double kServerMinusLocalMs = 1'700'000'000'000.0 - 5'000.0 + 0.4;

struct InFlightPing
{
    double t0, t1, t2, t3;
};

// A player whose position integrates at its speed; a seek lands after a
// fixed latency, and until then its position holds (mpv's stall).
struct SimPlayer
{
    PlayerSnapshot state;
    bool seeking = false;
    double seekTarget = 0.0;
    qint64 seekLandsAtMs = 0;

    // Advances from `fromMs` to `toMs`; returns true if a seek landed.
    bool advance(qint64 fromMs, qint64 toMs)
    {
        bool landed = false;
        if (seeking && seekLandsAtMs <= toMs) {
            state.position = seekTarget;
            fromMs = seekLandsAtMs;
            seeking = false;
            landed = true;
        }
        if (!seeking && state.playing)
            state.position += state.rate * double(toMs - fromMs) / 1000.0;
        return landed;
    }
};

} // namespace

void TestSyncSimulation::converges_data()
{
    QTest::addColumn<double>("initialErrorMs");
    QTest::addColumn<double>("roomRate");
    QTest::addColumn<qint64>("seekLatencyMs");
    QTest::addColumn<double>("convergeWithinS");
    QTest::addColumn<int>("maxSeeks");
    QTest::addColumn<double>("uniformJitterMs"); // 0: the 20 ms + queueing path
    // Tuning::gainPerSecond: 100 ms is under 10 ms after ~2.6 s, give or
    // take the clock estimate's few ms.
    QTest::newRow("ahead-100ms") << 100.0 << 1.0 << qint64(220) << 3.5 << 0 << 0.0;
    QTest::newRow("behind-100ms") << -100.0 << 1.0 << qint64(220) << 3.5 << 0 << 0.0;
    // A 300 ms error glides: ~5 s at the 5% clamp, then ~2 s of decay.
    QTest::newRow("ahead-300ms") << 300.0 << 1.0 << qint64(220) << 10.0 << 0 << 0.0;
    QTest::newRow("behind-300ms") << -300.0 << 1.0 << qint64(220) << 10.0 << 0 << 0.0;
    QTest::newRow("behind-300ms-rate-125") << -300.0 << 1.25 << qint64(220) << 10.0 << 0 << 0.0;
    // A 5 s error seeks once, lands off by the latency misestimate (70 ms
    // here, before the first measurement), and glides the rest.
    QTest::newRow("ahead-5s") << 5000.0 << 1.0 << qint64(220) << 5.0 << 1 << 0.0;
    QTest::newRow("behind-5s") << -5000.0 << 1.0 << qint64(220) << 5.0 << 1 << 0.0;
    QTest::newRow("behind-5s-rate-125") << -5000.0 << 1.25 << qint64(220) << 5.0 << 1 << 0.0;
    // Seeks far slower than assumed: the first lands > 500 ms short, the
    // second uses the measured latency.
    QTest::newRow("behind-5s-slow-seeks") << -5000.0 << 1.0 << qint64(900) << 6.0 << 2 << 0.0;
    // The bad Wi-Fi, 150 +- 100 ms each way: the clock estimate
    // must hold the error under 20 ms here too.
    QTest::newRow("bad-wifi-ahead-100ms") << 100.0 << 1.0 << qint64(220) << 6.0 << 0 << 100.0;
    QTest::newRow("bad-wifi-behind-5s") << -5000.0 << 1.0 << qint64(220) << 6.0 << 1 << 100.0;
    QTest::newRow("bad-wifi-behind-300ms-rate-125")
        << -300.0 << 1.25 << qint64(220) << 10.0 << 0 << 100.0;
}

void TestSyncSimulation::converges()
{
    QFETCH(double, initialErrorMs);
    QFETCH(double, roomRate);
    QFETCH(qint64, seekLatencyMs);
    QFETCH(double, convergeWithinS);
    QFETCH(int, maxSeeks);
    QFETCH(double, uniformJitterMs);

    QRandomGenerator random(7);
    const auto oneWayMs = [&random, uniformJitterMs] {
        if (uniformJitterMs > 0.0)
            return 150.0 + uniformJitterMs * (2.0 * random.generateDouble() - 1.0);
        return 20.0 - 10.0 * std::log(1.0 - random.generateDouble());
    };
    const auto trueServerMs = [](double localMs) {
        return localMs + kServerMinusLocalMs;
    };

    // The room has played for 10 minutes, from position 0.
    const qint64 t0 = qint64(trueServerMs(kStartMs)) - 600'000;
    const RoomState room {true, 0.0, roomRate, t0, 1};
    const auto trueExpected = [&](qint64 localMs) {
        return roomRate * (trueServerMs(double(localMs)) - double(t0)) / 1000.0;
    };

    ClockSync clock;
    SyncController controller;
    SimPlayer player;
    player.state = {trueExpected(kStartMs) + initialErrorMs / 1000.0, true, 1.0};

    QList<InFlightPing> inFlight;
    qint64 nextPingMs = kStartMs;
    int seeks = 0;
    double convergedAtS = -1.0;
    double worstAfterConvergedMs = 0.0;
    const qint64 endMs = kStartMs + 60'000;

    for (qint64 now = kStartMs; now <= endMs; now += kTickMs) {
        if (now > kStartMs && player.advance(now - kTickMs, now))
            controller.seekFinished(clock.serverNow(player.seekLandsAtMs));

        // The server stamps whole milliseconds, as the real one does.
        if (now >= nextPingMs) {
            const double sent = double(now);
            const double t1 = std::floor(trueServerMs(sent + oneWayMs()));
            const double t2 = t1 + 1.0;
            const double t3 = t2 - kServerMinusLocalMs + oneWayMs();
            inFlight.append({sent, t1, t2, t3});
            nextPingMs = now + clock.nextPingDelayMs();
        }
        for (qsizetype i = inFlight.size() - 1; i >= 0; --i) {
            const InFlightPing &p = inFlight.at(i);
            if (p.t3 <= double(now)) {
                QVERIFY(clock.addSample(p.t0, p.t1, p.t2, p.t3));
                inFlight.removeAt(i);
            }
        }
        if (!clock.hasEstimate())
            continue;

        const SyncDecision d = controller.decide(room, player.state, clock.serverNow(now));
        if (d.seekTo) {
            ++seeks;
            player.seeking = true;
            player.seekTarget = *d.seekTo;
            player.seekLandsAtMs = now + seekLatencyMs;
        }
        if (d.setRate)
            player.state.rate = *d.setRate;
        if (d.setPlaying)
            player.state.playing = *d.setPlaying;

        QVERIFY(std::abs(player.state.rate / roomRate - 1.0) <= 0.05 + 1e-9);
        const double errorMs = (player.state.position - trueExpected(now)) * 1000.0;
        if (convergedAtS < 0.0 && !player.seeking && std::abs(errorMs) < 10.0)
            convergedAtS = double(now - kStartMs) / 1000.0;
        else if (convergedAtS >= 0.0)
            worstAfterConvergedMs = std::max(worstAfterConvergedMs, std::abs(errorMs));
    }

    QVERIFY2(convergedAtS >= 0.0, "never within 10 ms");
    QVERIFY2(convergedAtS <= convergeWithinS,
             qPrintable(QStringLiteral("converged after %1 s").arg(convergedAtS)));
    // Once there it stays: no seeks, no swing past the dead zone's exit
    // (10 ms) plus what the clock estimate still wanders.
    QVERIFY2(worstAfterConvergedMs < 20.0,
             qPrintable(QStringLiteral("drifted to %1 ms").arg(worstAfterConvergedMs)));
    QVERIFY2(seeks <= maxSeeks, qPrintable(QStringLiteral("%1 seeks").arg(seeks)));
    qDebug("converged after %.2f s, %d seek(s), worst after %.1f ms", convergedAtS, seeks,
           worstAfterConvergedMs);
}

QTEST_APPLESS_MAIN(TestSyncSimulation)
#include "tst_syncsimulation.moc"
