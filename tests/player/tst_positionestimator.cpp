#include "PositionEstimator.h"

#include <QTest>

using namespace watchium;
using namespace std::chrono_literals;

namespace {

using Clock = PositionEstimator::Clock;

// An arbitrary origin, so the tests do not depend on the machine's uptime.
Clock::time_point at(int ms)
{
    return Clock::time_point {} + 1h + std::chrono::milliseconds(ms);
}

} // namespace

class TestPositionEstimator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noReadingIsZero();
    void extrapolation_data();
    void extrapolation();
    void lateReadingDoesNotStepBack();
    void largeStepBackIsShown();
    void stopShowsTheReading();
    void restartExtrapolatesFromNow();
    void speedChangeIsContinuous();
};

void TestPositionEstimator::noReadingIsZero()
{
    PositionEstimator e;
    e.setAdvancing(true, at(0));
    QCOMPARE(e.position(at(500)), 0.0);
    e.setTimePos(3.0, at(0));
    e.clearTimePos();
    QVERIFY(!e.hasTimePos());
    QCOMPARE(e.position(at(500)), 0.0);
}

void TestPositionEstimator::extrapolation_data()
{
    QTest::addColumn<bool>("advancing");
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("elapsedMs");
    QTest::addColumn<double>("expected");
    QTest::newRow("held-when-not-advancing") << false << 1.0 << 500 << 10.0;
    QTest::newRow("advances-between-readings") << true << 1.0 << 37 << 10.037;
    QTest::newRow("scaled-by-speed") << true << 1.5 << 200 << 10.3;
    QTest::newRow("slowed-by-speed") << true << 0.97 << 1000 << 10.97;
    QTest::newRow("capped-when-mpv-is-silent") << true << 1.0 << 5000 << 11.0;
}

void TestPositionEstimator::extrapolation()
{
    QFETCH(bool, advancing);
    QFETCH(double, speed);
    QFETCH(int, elapsedMs);
    QFETCH(double, expected);
    PositionEstimator e;
    e.setSpeed(speed, at(0));
    e.setAdvancing(advancing, at(0));
    e.setTimePos(10.0, at(0));
    QVERIFY(qAbs(e.position(at(elapsedMs)) - expected) < 1e-9);
}

void TestPositionEstimator::lateReadingDoesNotStepBack()
{
    PositionEstimator e;
    e.setAdvancing(true, at(0));
    e.setTimePos(10.0, at(0));
    QCOMPARE(e.position(at(50)), 10.05);
    // The frame at 10.04 is reported 10 ms late: hold rather than step back...
    e.setTimePos(10.04, at(50));
    QCOMPARE(e.position(at(50)), 10.05);
    QCOMPARE(e.position(at(55)), 10.05);
    // ...until the estimate from the new reading overtakes what was already shown.
    QVERIFY(qAbs(e.position(at(70)) - 10.06) < 1e-9);
}

void TestPositionEstimator::largeStepBackIsShown()
{
    PositionEstimator e;
    e.setAdvancing(true, at(0));
    e.setTimePos(10.0, at(0));
    e.setTimePos(2.0, at(40));
    QCOMPARE(e.position(at(40)), 2.0);
}

void TestPositionEstimator::stopShowsTheReading()
{
    PositionEstimator e;
    e.setAdvancing(true, at(0));
    e.setTimePos(10.0, at(0));
    e.setAdvancing(false, at(30));
    QCOMPARE(e.position(at(30)), 10.0);
    QCOMPARE(e.position(at(3000)), 10.0);
    // A seek while stopped may go anywhere.
    e.setTimePos(4.0, at(3100));
    QCOMPARE(e.position(at(3200)), 4.0);
}

void TestPositionEstimator::restartExtrapolatesFromNow()
{
    PositionEstimator e;
    e.setTimePos(10.0, at(0));
    e.setAdvancing(true, at(5000));
    QCOMPARE(e.position(at(5000)), 10.0);
    QVERIFY(qAbs(e.position(at(5250)) - 10.25) < 1e-9);
}

void TestPositionEstimator::speedChangeIsContinuous()
{
    PositionEstimator e;
    e.setAdvancing(true, at(0));
    e.setTimePos(10.0, at(0));
    e.setSpeed(2.0, at(500));
    QVERIFY(qAbs(e.position(at(500)) - 10.5) < 1e-9);
    QVERIFY(qAbs(e.position(at(750)) - 11.0) < 1e-9);
}

QTEST_APPLESS_MAIN(TestPositionEstimator)
#include "tst_positionestimator.moc"
