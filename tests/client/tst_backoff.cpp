#include "client/Backoff.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace watchium;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void schedule_data();
    void schedule();
    void jitterStaysWithinBounds();
};

void TestBackoff::schedule_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("initialMs");
    QTest::addColumn<qint64>("maxMs");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<qint64>("expected");

    // The default schedule without jitter (random 0.5 is the midpoint).
    QTest::newRow("first-retry") << 0 << 0.5 << 500LL << 10000LL << 0.2 << 500LL;
    QTest::newRow("second") << 1 << 0.5 << 500LL << 10000LL << 0.2 << 1000LL;
    QTest::newRow("third") << 2 << 0.5 << 500LL << 10000LL << 0.2 << 2000LL;
    QTest::newRow("fourth") << 3 << 0.5 << 500LL << 10000LL << 0.2 << 4000LL;
    QTest::newRow("fifth") << 4 << 0.5 << 500LL << 10000LL << 0.2 << 8000LL;
    QTest::newRow("sixth-capped") << 5 << 0.5 << 500LL << 10000LL << 0.2 << 10000LL;
    QTest::newRow("much-later-capped") << 40 << 0.5 << 500LL << 10000LL << 0.2 << 10000LL;
    QTest::newRow("int-max-capped")
        << std::numeric_limits<int>::max() << 0.5 << 500LL << 10000LL << 0.2 << 10000LL;
    // ±20 % at the ends of the random range.
    QTest::newRow("first-jitter-low") << 0 << 0.0 << 500LL << 10000LL << 0.2 << 400LL;
    QTest::newRow("first-jitter-high") << 0 << 1.0 << 500LL << 10000LL << 0.2 << 600LL;
    QTest::newRow("third-jitter-quarter") << 2 << 0.25 << 500LL << 10000LL << 0.2 << 1800LL;
    // The spread applies at the cap too, so restarted servers are not stormed.
    QTest::newRow("capped-jitter-low") << 9 << 0.0 << 500LL << 10000LL << 0.2 << 8000LL;
    QTest::newRow("capped-jitter-high") << 9 << 1.0 << 500LL << 10000LL << 0.2 << 12000LL;
    // Inputs outside the contract are clamped, never trusted.
    QTest::newRow("negative-attempt") << -3 << 0.5 << 500LL << 10000LL << 0.2 << 500LL;
    QTest::newRow("random-above-one") << 2 << 7.0 << 500LL << 10000LL << 0.2 << 2400LL;
    QTest::newRow("random-below-zero") << 2 << -1.0 << 500LL << 10000LL << 0.2 << 1600LL;
    QTest::newRow("random-nan") << 2 << std::nan("") << 500LL << 10000LL << 0.2 << 2000LL;
    // Other policies.
    QTest::newRow("no-jitter") << 1 << 1.0 << 500LL << 10000LL << 0.0 << 1000LL;
    QTest::newRow("phoenix-like-cap") << 3 << 0.5 << 1000LL << 5000LL << 0.0 << 5000LL;
}

void TestBackoff::schedule()
{
    QFETCH(int, attempt);
    QFETCH(double, random);
    QFETCH(qint64, initialMs);
    QFETCH(qint64, maxMs);
    QFETCH(double, jitter);
    QFETCH(qint64, expected);
    QCOMPARE(backoffDelayMs(attempt, random, BackoffPolicy {initialMs, maxMs, jitter}), expected);
}

void TestBackoff::jitterStaysWithinBounds()
{
    const BackoffPolicy policy;
    for (int attempt = 0; attempt < 12; ++attempt) {
        const double nominal =
            std::min(double(policy.initialMs) * std::pow(2.0, attempt), double(policy.maxMs));
        for (int i = 0; i <= 100; ++i) {
            const qint64 delay = backoffDelayMs(attempt, i / 100.0, policy);
            QVERIFY(delay >= std::floor(nominal * 0.8));
            QVERIFY(delay <= std::ceil(nominal * 1.2));
        }
    }
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
