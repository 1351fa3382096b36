#include "domain/RoomState.h"

#include <QTest>

using namespace watchium;

class TestRoomState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expectedPosition_data();
    void expectedPosition();
    void jsonRoundTrip();
};

void TestRoomState::expectedPosition_data()
{
    QTest::addColumn<bool>("playing");
    QTest::addColumn<double>("position");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("t0");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<double>("expected");
    QTest::newRow("paused-holds") << false << 10.0 << 1.0 << qint64(1000) << qint64(5000) << 10.0;
    QTest::newRow("playing-advances") << true << 10.0 << 1.0 << qint64(1000) << qint64(3500)
                                      << 12.5;
    QTest::newRow("rate-scales") << true << 0.0 << 1.25 << qint64(0) << qint64(4000) << 5.0;
    QTest::newRow("future-start-holds") << true << 30.0 << 1.0 << qint64(2000) << qint64(1900)
                                        << 30.0;
}

void TestRoomState::expectedPosition()
{
    QFETCH(bool, playing);
    QFETCH(double, position);
    QFETCH(double, rate);
    QFETCH(qint64, t0);
    QFETCH(qint64, now);
    QFETCH(double, expected);
    RoomState s{playing, position, rate, t0, 1};
    QCOMPARE(s.expectedPosition(now), expected);
}

void TestRoomState::jsonRoundTrip()
{
    const RoomState s{true, 42.25, 1.5, 1700000000123, 9};
    QCOMPARE(RoomState::fromJson(s.toJson()), s);
}

QTEST_APPLESS_MAIN(TestRoomState)
#include "tst_roomstate.moc"
