#include "sync/ClockSync.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace watchium;

namespace {

// Feeds one exchange over a path with the given one-way delays to `clock`:
// the server's clock reads local + offset, and it holds the request for
// processingMs before answering.
bool ping(ClockSync &clock, double localSendMs, double offsetMs, double upMs, double downMs,
          double processingMs = 1.0)
{
    const double t0 = localSendMs;
    const double t1 = t0 + upMs + offsetMs;
    const double t2 = t1 + processingMs;
    const double t3 = t0 + upMs + processingMs + downMs;
    return clock.addSample(t0, t1, t2, t3);
}

// Queueing delay: mostly small, now and then large.
double jitter(QRandomGenerator &random, double meanMs)
{
    return -meanMs * std::log(1.0 - random.generateDouble());
}

// A radio link's delay: anywhere within +-spreadMs, evenly.
double uniform(QRandomGenerator &random, double spreadMs)
{
    return spreadMs * (2.0 * random.generateDouble() - 1.0);
}

} // namespace

class TestClockSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noEstimateAtStart();
    void symmetricDelayGivesExactOffset_data();
    void symmetricDelayGivesExactOffset();
    void asymmetricDelayStaysWithinBound_data();
    void asymmetricDelayStaysWithinBound();
    void jitterConverges_data();
    void jitterConverges();
    void outlierDoesNotMoveEstimate_data();
    void outlierDoesNotMoveEstimate();
    void invalidSampleRejected_data();
    void invalidSampleRejected();
    void clockStepRecovers_data();
    void clockStepRecovers();
    void singleGlitchIgnored();
    void inconsistentSuspectsAreNoStep();
    void minDelaySampleAgesOut();
    void minDelaySampleSlidesOutOfWindow();
    void directionsCombine_data();
    void directionsCombine();
    void downDelay_data();
    void downDelay();
    void pingSchedule_data();
    void pingSchedule();
    void pingScheduleGreedyWhileStepSuspected();
    void serverNow();
};

void TestClockSync::noEstimateAtStart()
{
    const ClockSync clock;
    QVERIFY(!clock.hasEstimate());
    QCOMPARE(clock.sampleCount(), 0);
    QCOMPARE(clock.offsetMs(), 0.0);
    QCOMPARE(clock.serverNow(5000), qint64(5000));
}

void TestClockSync::symmetricDelayGivesExactOffset_data()
{
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("oneWay");
    QTest::addColumn<double>("processing");
    QTest::newRow("same-clock-lan") << 0.0 << 0.5 << 0.2;
    QTest::newRow("server-ahead") << 12345.5 << 20.0 << 3.0;
    QTest::newRow("server-behind") << -250.0 << 40.0 << 1.0;
    QTest::newRow("epoch-vs-monotonic") << 1.7e12 << 30.0 << 2.0;
    QTest::newRow("zero-delay") << 42.0 << 0.0 << 0.0;
    QTest::newRow("slow-server") << 7.0 << 15.0 << 400.0;
}

void TestClockSync::symmetricDelayGivesExactOffset()
{
    QFETCH(double, offset);
    QFETCH(double, oneWay);
    QFETCH(double, processing);
    ClockSync clock;
    QVERIFY(ping(clock, 1000.0, offset, oneWay, oneWay, processing));
    QVERIFY(clock.hasEstimate());
    QCOMPARE(clock.sampleCount(), 1);
    QCOMPARE(clock.offsetMs(), offset);
    QCOMPARE(clock.rttMs(), 2 * oneWay);
}

void TestClockSync::asymmetricDelayStaysWithinBound_data()
{
    QTest::addColumn<double>("up");
    QTest::addColumn<double>("down");
    QTest::newRow("slow-upload") << 50.0 << 10.0;
    QTest::newRow("slow-download") << 5.0 << 80.0;
    QTest::newRow("one-way-only") << 0.0 << 30.0;
    QTest::newRow("satellite") << 600.0 << 250.0;
}

void TestClockSync::asymmetricDelayStaysWithinBound()
{
    QFETCH(double, up);
    QFETCH(double, down);
    const double truth = 5000.0;
    ClockSync clock;
    QVERIFY(ping(clock, 0.0, truth, up, down));
    const double error = clock.offsetMs() - truth;
    // The documented bound: half the asymmetry, never above half the delay.
    QCOMPARE(error, (up - down) / 2.0);
    QVERIFY(std::abs(error) <= clock.rttMs() / 2.0);
}

void TestClockSync::jitterConverges_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<double>("baseOneWay");
    QTest::addColumn<double>("meanJitter");
    QTest::addColumn<double>("uniformJitter");
    QTest::addColumn<double>("worstMs");
    QTest::addColumn<double>("meanMs");
    // The error is half the difference between how far each direction's
    // quickest sample sits above that direction's floor; in a full window
    // both are small.
    QTest::newRow("lan") << 1u << 0.5 << 1.0 << 0.0 << 1.0 << 0.5;
    QTest::newRow("wifi") << 2u << 3.0 << 8.0 << 0.0 << 4.0 << 2.0;
    QTest::newRow("internet") << 3u << 25.0 << 15.0 << 0.0 << 8.0 << 3.0;
    QTest::newRow("internet-other-seed") << 99u << 25.0 << 15.0 << 0.0 << 8.0 << 3.0;
    QTest::newRow("mobile") << 4u << 40.0 << 40.0 << 0.0 << 15.0 << 5.0;
    // The "bad Wi-Fi" (150 +- 100 ms each way) and the benchmark's
    // default (40 +- 20 ms). The one min-delay sample of 16 pings 3 s apart
    // was off by up to 48 / 63 / 10 ms here, 12 / 14 / 3.4 ms on average.
    QTest::newRow("bad-wifi") << 5u << 150.0 << 0.0 << 100.0 << 10.0 << 3.0;
    QTest::newRow("bad-wifi-other-seed") << 77u << 150.0 << 0.0 << 100.0 << 10.0 << 3.0;
    QTest::newRow("bench-default") << 6u << 40.0 << 0.0 << 20.0 << 2.0 << 0.6;
}

void TestClockSync::jitterConverges()
{
    QFETCH(quint32, seed);
    QFETCH(double, baseOneWay);
    QFETCH(double, meanJitter);
    QFETCH(double, uniformJitter);
    QFETCH(double, worstMs);
    QFETCH(double, meanMs);
    QRandomGenerator random(seed);
    const auto oneWay = [&] {
        return baseOneWay + jitter(random, meanJitter) + uniform(random, uniformJitter);
    };
    const double truth = -73421.25;
    ClockSync clock;
    double local = 10'000.0;
    double worst = 0.0;
    double sum = 0.0;
    int n = 0;
    for (int i = 0; i < 300; ++i) {
        const double up = oneWay();
        const double down = oneWay();
        QVERIFY(ping(clock, local, truth, up, down));
        local += double(clock.nextPingDelayMs());
        const double error = std::abs(clock.offsetMs() - truth);
        // Holds for every estimate, however few samples it has seen.
        QVERIFY(error <= clock.rttMs() / 2.0);
        // Judged once a minute of pings is in.
        if (local >= 70'000.0) {
            worst = std::max(worst, error);
            sum += error;
            ++n;
        }
    }
    QVERIFY2(worst <= worstMs, qPrintable(QStringLiteral("worst error %1 ms").arg(worst)));
    QVERIFY2(sum / n <= meanMs, qPrintable(QStringLiteral("mean error %1 ms").arg(sum / n)));
}

void TestClockSync::outlierDoesNotMoveEstimate_data()
{
    QTest::addColumn<int>("goodSamples");
    QTest::addColumn<double>("up");
    QTest::addColumn<double>("down");
    QTest::newRow("huge-upload") << 10 << 5000.0 << 20.0;
    QTest::newRow("huge-download") << 10 << 20.0 << 5000.0;
    QTest::newRow("huge-symmetric") << 10 << 3000.0 << 3000.0;
    QTest::newRow("right-after-first") << 1 << 4000.0 << 20.0;
}

void TestClockSync::outlierDoesNotMoveEstimate()
{
    QFETCH(int, goodSamples);
    QFETCH(double, up);
    QFETCH(double, down);
    const double truth = 800.0;
    ClockSync clock;
    double local = 0.0;
    for (int i = 0; i < goodSamples; ++i, local += 1000.0)
        QVERIFY(ping(clock, local, truth, 20.0, 20.0));
    QVERIFY(ping(clock, local, truth, up, down));
    QCOMPARE(clock.offsetMs(), truth);
    QCOMPARE(clock.rttMs(), 41.0 - 1.0);
    QCOMPARE(clock.sampleCount(), goodSamples + 1);
}

void TestClockSync::invalidSampleRejected_data()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<double>("t2");
    QTest::addColumn<double>("t3");
    QTest::newRow("server-answers-before-receiving") << 0.0 << 500.0 << 499.0 << 20.0;
    QTest::newRow("reply-before-request") << 100.0 << 500.0 << 501.0 << 90.0;
    QTest::newRow("server-held-longer-than-round-trip") << 0.0 << 500.0 << 530.0 << 20.0;
    QTest::newRow("nan") << 0.0 << nan << 510.0 << 20.0;
    QTest::newRow("infinite") << 0.0 << 500.0 << 501.0 << inf;
}

void TestClockSync::invalidSampleRejected()
{
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(double, t2);
    QFETCH(double, t3);
    ClockSync clock;
    QCOMPARE(clock.addSample(t0, t1, t2, t3), false);
    QVERIFY(!clock.hasEstimate());
    QCOMPARE(clock.sampleCount(), 0);

    // Nor does it disturb an estimate that exists.
    QVERIFY(ping(clock, 0.0, 300.0, 10.0, 10.0));
    QCOMPARE(clock.addSample(t0, t1, t2, t3), false);
    QCOMPARE(clock.offsetMs(), 300.0);
    QCOMPARE(clock.sampleCount(), 1);
}

void TestClockSync::clockStepRecovers_data()
{
    QTest::addColumn<double>("serverStep");
    QTest::addColumn<double>("localStep");
    QTest::addColumn<double>("oneWay");
    QTest::addColumn<int>("adoptedAfter");
    // Three suspects in a row prove a step (Tuning::stepConfirmSamples).
    QTest::newRow("server-steps-forward") << 500.0 << 0.0 << 20.0 << 3;
    QTest::newRow("server-steps-back") << -200.0 << 0.0 << 20.0 << 3;
    QTest::newRow("small-step-on-lan") << 25.0 << 0.0 << 1.0 << 3;
    QTest::newRow("local-steps-back") << 0.0 << -5000.0 << 20.0 << 3;
    // Every old sample is suddenly older than maxSampleAgeMs.
    QTest::newRow("local-steps-forward-an-hour") << 0.0 << 3.6e6 << 20.0 << 1;
}

void TestClockSync::clockStepRecovers()
{
    QFETCH(double, serverStep);
    QFETCH(double, localStep);
    QFETCH(double, oneWay);
    QFETCH(int, adoptedAfter);
    const double before = 1000.0;
    const double after = before + serverStep - localStep;
    ClockSync clock;
    double local = 0.0;
    for (int i = 0; i < 8; ++i, local += 3000.0)
        QVERIFY(ping(clock, local, before, oneWay, oneWay));
    // Post-step samples take longer, so the stale sample keeps the smallest
    // delay: the min-delay filter alone would never let go of it.
    local += localStep;
    for (int i = 1; i <= adoptedAfter; ++i, local += 150.0) {
        QVERIFY(ping(clock, local, after, oneWay + 5.0, oneWay + 5.0));
        QCOMPARE(clock.offsetMs(), i < adoptedAfter ? before : after);
    }
    QCOMPARE(clock.sampleCount(), adoptedAfter);
    // And it stays adopted.
    QVERIFY(ping(clock, local, after, oneWay + 2.0, oneWay + 2.0));
    QCOMPARE(clock.offsetMs(), after);
}

void TestClockSync::singleGlitchIgnored()
{
    ClockSync clock;
    double local = 0.0;
    const auto sample = [&](double offset) {
        QVERIFY(ping(clock, local, offset, 10.0, 10.0));
        local += 1000.0;
    };
    for (int i = 0; i < 5; ++i)
        sample(100.0);
    // Glitches that never reach three in a row are not a step.
    sample(900.0);
    QCOMPARE(clock.offsetMs(), 100.0);
    sample(100.0);
    sample(900.0);
    sample(900.0);
    sample(100.0);
    QCOMPARE(clock.offsetMs(), 100.0);
    QCOMPARE(clock.sampleCount(), 7);
}

void TestClockSync::inconsistentSuspectsAreNoStep()
{
    ClockSync clock;
    double local = 0.0;
    for (int i = 0; i < 5; ++i, local += 1000.0)
        QVERIFY(ping(clock, local, 100.0, 10.0, 10.0));
    // Three disagreeing samples that also disagree with each other.
    for (double garbage : {900.0, -700.0, 4000.0}) {
        QVERIFY(ping(clock, local, garbage, 10.0, 10.0));
        local += 150.0;
    }
    QCOMPARE(clock.offsetMs(), 100.0);
    QCOMPARE(clock.sampleCount(), 5);
}

void TestClockSync::minDelaySampleAgesOut()
{
    ClockSync clock;
    const double maxAge = clock.tuning().maxSampleAgeMs;
    // A lucky 2 ms exchange, then slower ones every 10 s that are
    // consistent with it but a little off.
    QVERIFY(ping(clock, 0.0, 100.0, 1.0, 1.0));
    for (double local = 10'000.0; local < maxAge; local += 10'000.0)
        QVERIFY(ping(clock, local, 103.0, 10.0, 10.0));
    QCOMPARE(clock.offsetMs(), 100.0);
    QVERIFY(ping(clock, maxAge + 10'000.0, 103.0, 10.0, 10.0));
    QCOMPARE(clock.offsetMs(), 103.0);
    QCOMPARE(clock.rttMs(), 20.0);
}

void TestClockSync::minDelaySampleSlidesOutOfWindow()
{
    ClockSync clock;
    const int window = clock.tuning().windowSize;
    QVERIFY(ping(clock, 0.0, 100.0, 1.0, 1.0));
    for (int i = 1; i < window; ++i)
        QVERIFY(ping(clock, i * 100.0, 104.0, 10.0, 10.0));
    QCOMPARE(clock.offsetMs(), 100.0);
    QCOMPARE(clock.sampleCount(), window);
    QVERIFY(ping(clock, window * 100.0, 104.0, 10.0, 10.0));
    QCOMPARE(clock.offsetMs(), 104.0);
    QCOMPARE(clock.sampleCount(), window);
}

void TestClockSync::directionsCombine_data()
{
    QTest::addColumn<QList<double>>("ups");
    QTest::addColumn<QList<double>>("downs");
    QTest::addColumn<double>("error");
    QTest::addColumn<double>("rtt");
    // The quickest request and the quickest reply from different exchanges:
    // every single exchange is lopsided, the two minima together are not.
    // (The one min-delay sample was off by 95 and 45 ms in the first two.)
    QTest::newRow("quick-legs-apart")
        << QList<double> {10, 200} << QList<double> {200, 10} << 0.0 << 20.0;
    QTest::newRow("three-exchanges")
        << QList<double> {50, 130, 90} << QList<double> {120, 40, 90} << 5.0 << 90.0;
    QTest::newRow("quick-legs-apart-reply-first")
        << QList<double> {190, 30, 160} << QList<double> {20, 170, 150} << 5.0 << 50.0;
    // What the min-delay filter found stays found.
    QTest::newRow("one-symmetric-best")
        << QList<double> {20, 100, 30} << QList<double> {20, 30, 100} << 0.0 << 40.0;
}

void TestClockSync::directionsCombine()
{
    QFETCH(QList<double>, ups);
    QFETCH(QList<double>, downs);
    QFETCH(double, error);
    QFETCH(double, rtt);
    const double truth = -4321.0;
    ClockSync clock;
    for (qsizetype i = 0; i < ups.size(); ++i)
        QVERIFY(ping(clock, double(i) * 1000.0, truth, ups.at(i), downs.at(i)));
    QCOMPARE(clock.sampleCount(), int(ups.size()));
    QCOMPARE(clock.offsetMs() - truth, error);
    QCOMPARE(clock.rttMs(), rtt);
}

void TestClockSync::downDelay_data()
{
    QTest::addColumn<QList<double>>("downs");
    QTest::addColumn<double>("expected");
    QTest::newRow("none") << QList<double> {} << 0.0;
    QTest::newRow("steady") << QList<double> {10, 30, 30} << 30.0;
    // 95th percentile by nearest rank: the 19th of 20.
    QList<double> spread;
    for (int i = 1; i <= 20; ++i)
        spread.append(10.0 * i);
    QTest::newRow("jittery") << spread << 190.0;
    // One stall among many is not what broadcasts usually meet.
    QList<double> stall(40, 10.0);
    stall.append(500.0);
    QTest::newRow("one-stall") << stall << 10.0;
}

void TestClockSync::downDelay()
{
    QFETCH(QList<double>, downs);
    QFETCH(double, expected);
    const double truth = 250.0;
    ClockSync clock;
    // Quick requests and at least one quick reply pin the offset exactly,
    // so each reply's delay is known.
    for (qsizetype i = 0; i < downs.size(); ++i)
        QVERIFY(ping(clock, double(i) * 1000.0, truth, 10.0, downs.at(i)));
    QCOMPARE(clock.downDelayMs(), expected);
}

void TestClockSync::pingSchedule_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("slowMs");
    QTest::addColumn<qint64>("delay");
    QTest::newRow("none-yet") << 0 << 0.0 << qint64(150);
    QTest::newRow("one") << 1 << 0.0 << qint64(150);
    QTest::newRow("four") << 4 << 0.0 << qint64(150);
    QTest::newRow("five-greedy-done") << 5 << 0.0 << qint64(3000);
    QTest::newRow("window-full") << 40 << 0.0 << qint64(3000);
    QTest::newRow("little-jitter") << 40 << 8.0 << qint64(3000);
    // Jittery: the greedy start runs on to 32 samples, then every second.
    QTest::newRow("jittery-five") << 5 << 50.0 << qint64(150);
    QTest::newRow("jittery-thirty-one") << 31 << 50.0 << qint64(150);
    QTest::newRow("jittery-thirty-two") << 32 << 50.0 << qint64(1000);
    QTest::newRow("jittery-window-full") << 90 << 50.0 << qint64(1000);
}

void TestClockSync::pingSchedule()
{
    QFETCH(int, samples);
    QFETCH(double, slowMs);
    QFETCH(qint64, delay);
    ClockSync clock;
    double local = 0.0;
    for (int i = 0; i < samples; ++i) {
        // Three requests in four queue for slowMs.
        QVERIFY(ping(clock, local, 50.0, i % 4 == 0 ? 10.0 : 10.0 + slowMs, 10.0));
        local += double(clock.nextPingDelayMs());
    }
    QCOMPARE(clock.nextPingDelayMs(), delay);
}

void TestClockSync::pingScheduleGreedyWhileStepSuspected()
{
    ClockSync clock;
    double local = 0.0;
    for (int i = 0; i < 8; ++i, local += 3000.0)
        QVERIFY(ping(clock, local, 50.0, 10.0, 10.0));
    QCOMPARE(clock.nextPingDelayMs(), qint64(3000));
    QVERIFY(ping(clock, local, 850.0, 10.0, 10.0));
    QCOMPARE(clock.nextPingDelayMs(), qint64(150));
    QVERIFY(ping(clock, local + 150.0, 50.0, 10.0, 10.0));
    QCOMPARE(clock.nextPingDelayMs(), qint64(3000));
}

void TestClockSync::serverNow()
{
    ClockSync clock;
    QVERIFY(ping(clock, 0.0, 1234.4, 10.0, 10.0));
    QCOMPARE(clock.serverNow(1000), qint64(2234));

    ClockSync behind;
    QVERIFY(ping(behind, 100.0, -0.6, 5.0, 5.0));
    QCOMPARE(behind.serverNow(1000), qint64(999));
}

QTEST_APPLESS_MAIN(TestClockSync)
#include "tst_clocksync.moc"
