#include "domain/PlayerStatus.h"
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
    void clampedToDuration_data();
    void clampedToDuration();
    void playerStatusNames();
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
    QTest::newRow("playing-advances")
        << true << 10.0 << 1.0 << qint64(1000) << qint64(3500) << 12.5;
    QTest::newRow("rate-scales") << true << 0.0 << 1.25 << qint64(0) << qint64(4000) << 5.0;
    QTest::newRow("future-start-holds")
        << true << 30.0 << 1.0 << qint64(2000) << qint64(1900) << 30.0;
}

void TestRoomState::expectedPosition()
{
    QFETCH(bool, playing);
    QFETCH(double, position);
    QFETCH(double, rate);
    QFETCH(qint64, t0);
    QFETCH(qint64, now);
    QFETCH(double, expected);
    RoomState s {playing, position, rate, t0, 1};
    QCOMPARE(s.expectedPosition(now), expected);
}

void TestRoomState::jsonRoundTrip()
{
    RoomState s {true, 42.25, 1.5, 1700000000123, 9};
    QCOMPARE(RoomState::fromJson(s.toJson()), s);
    s.duration = 1420.5;
    s.playing = false;
    s.waitingFor = {QStringLiteral("ben"), QStringLiteral("ann")};
    s.waitDeadlineMs = 1700000010123;
    QCOMPARE(RoomState::fromJson(s.toJson()), s);
    // What an older server sends: no duration, no wait.
    QJsonObject old = s.toJson();
    old.remove(QStringLiteral("duration"));
    old.remove(QStringLiteral("waiting_for"));
    const RoomState parsed = RoomState::fromJson(old);
    QCOMPARE(parsed.duration, 0.0);
    QVERIFY(!parsed.isWaiting());
    QCOMPARE(parsed.waitDeadlineMs, 0);
}

void TestRoomState::clampedToDuration_data()
{
    QTest::addColumn<bool>("playing");
    QTest::addColumn<double>("position");
    QTest::addColumn<double>("duration");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<double>("expected");
    QTest::addColumn<bool>("ended");
    QTest::newRow("before-end") << true << 10.0 << 12.0 << qint64(1000) << 11.0 << false;
    QTest::newRow("runs-into-end") << true << 10.0 << 12.0 << qint64(8000) << 12.0 << true;
    QTest::newRow("exactly-at-end") << true << 10.0 << 12.0 << qint64(2000) << 12.0 << true;
    QTest::newRow("paused-at-end") << false << 12.0 << 12.0 << qint64(0) << 12.0 << true;
    QTest::newRow("seeked-past-end") << false << 30.0 << 12.0 << qint64(0) << 12.0 << true;
    QTest::newRow("unknown-duration") << true << 10.0 << 0.0 << qint64(8000) << 18.0 << false;
}

void TestRoomState::clampedToDuration()
{
    QFETCH(bool, playing);
    QFETCH(double, position);
    QFETCH(double, duration);
    QFETCH(qint64, now);
    QFETCH(double, expected);
    QFETCH(bool, ended);
    RoomState s {playing, position, 1.0, 0, 1};
    s.duration = duration;
    QCOMPARE(s.expectedPosition(now), expected);
    QCOMPARE(s.endedAt(now), ended);
}

void TestRoomState::playerStatusNames()
{
    for (PlayerStatus s :
         {PlayerStatus::Loading, PlayerStatus::Ready, PlayerStatus::Buffering, PlayerStatus::Error})
        QCOMPARE(playerStatusFromName(playerStatusName(s)), s);
    QCOMPARE(playerStatusFromName(QStringLiteral("READY")), PlayerStatus::Unknown);
    QCOMPARE(playerStatusFromName(QString()), PlayerStatus::Unknown);
    QCOMPARE(playerStatusFromName(QStringLiteral("<script>")), PlayerStatus::Unknown);
}

QTEST_APPLESS_MAIN(TestRoomState)
#include "tst_roomstate.moc"
