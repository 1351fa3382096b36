#include "sync/SyncController.h"

#include <QTest>

using namespace watchium;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
constexpr double kNone = -1.0; // data rows: "no such action"

// A room that has been playing (or sits paused) since 10 s before kNow.
RoomState room(bool playing, double rate = 1.0, qint64 seq = 1)
{
    return {playing, 100.0, rate, kNow - 10'000, seq};
}

// A player `errorMs` off the room at server time `at`.
PlayerSnapshot offBy(const RoomState &r, double errorMs, bool playing = true, double rate = 1.0,
                     qint64 at = kNow)
{
    return {r.expectedPosition(at) + errorMs / 1000.0, playing, rate};
}

double valueOr(const std::optional<double> &value)
{
    return value.value_or(kNone);
}

int playingOr(const std::optional<bool> &value)
{
    return value ? int(*value) : -1;
}

} // namespace

class TestSyncController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void glide_data();
    void glide();
    void hysteresis_data();
    void hysteresis();
    void seek_data();
    void seek();
    void seekSuppression_data();
    void seekSuppression();
    void noNudgeWhileSeeking();
    void seekLatencySmoothing_data();
    void seekLatencySmoothing();
    void seekFinishedMeasuresLatency();
    void slowSeekIsNotRepeated();
    void endOfVideo_data();
    void endOfVideo();
    void playPause_data();
    void playPause();
    void paused_data();
    void paused();
    void scheduled_data();
    void scheduled();
    void syncToLive_data();
    void syncToLive();
};

void TestSyncController::glide_data()
{
    QTest::addColumn<double>("roomRate");
    QTest::addColumn<double>("playerRate");
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<double>("rate");
    QTest::newRow("dead-zone-already-exact") << 1.0 << 1.0 << 3.0 << kNone;
    QTest::newRow("dead-zone-restores-room-rate") << 1.0 << 0.97 << -3.0 << 1.0;
    QTest::newRow("ahead-slows-down") << 1.0 << 1.0 << 20.0 << 0.98;
    QTest::newRow("behind-speeds-up") << 1.0 << 1.0 << -20.0 << 1.02;
    QTest::newRow("far-ahead-clamped") << 1.0 << 1.0 << 300.0 << 0.95;
    QTest::newRow("far-behind-clamped") << 1.0 << 1.0 << -499.0 << 1.05;
    QTest::newRow("nudge-too-small-to-send") << 1.0 << 0.9795 << 20.0 << kNone;
    QTest::newRow("room-rate-125-dead-zone") << 1.25 << 1.0 << 0.0 << 1.25;
    QTest::newRow("room-rate-125-ahead") << 1.25 << 1.25 << 20.0 << 1.225;
    QTest::newRow("room-rate-125-clamped") << 1.25 << 1.25 << -400.0 << 1.3125;
}

void TestSyncController::glide()
{
    QFETCH(double, roomRate);
    QFETCH(double, playerRate);
    QFETCH(double, errorMs);
    QFETCH(double, rate);
    SyncController controller;
    const RoomState r = room(true, roomRate);
    const SyncDecision d = controller.decide(r, offBy(r, errorMs, true, playerRate), kNow);
    QCOMPARE(valueOr(d.setRate), rate);
    QCOMPARE(d.errorMs, errorMs);
    QVERIFY(!d.seekTo);
    QVERIFY(!d.setPlaying);
}

void TestSyncController::hysteresis_data()
{
    QTest::addColumn<QList<double>>("errors");
    QTest::addColumn<QList<double>>("rates");
    // Tuning: enter the dead zone under 5 ms, leave it over 10 ms.
    QTest::newRow("enters-below-5-then-holds")
        << QList<double> {12, 4, 8, 9.5} << QList<double> {0.988, 1.0, 1.0, 1.0};
    QTest::newRow("leaves-above-10") << QList<double> {3, 9, 11} << QList<double> {1.0, 1.0, 0.989};
    // A step of the clock estimate inside the old 15 ms band is corrected.
    QTest::newRow("corrects-a-12ms-step")
        << QList<double> {2, 12, 6, 4} << QList<double> {1.0, 0.988, 0.994, 1.0};
    QTest::newRow("corrects-through-band")
        << QList<double> {20, 12, 7, 4.5, 9.5} << QList<double> {0.98, 0.988, 0.993, 1.0, 1.0};
    QTest::newRow("behind-mirrors")
        << QList<double> {-3, -9, -11, -7, -4} << QList<double> {1.0, 1.0, 1.011, 1.007, 1.0};
}

void TestSyncController::hysteresis()
{
    QFETCH(QList<double>, errors);
    QFETCH(QList<double>, rates);
    SyncController controller;
    const RoomState r = room(true);
    double playerRate = 1.0;
    for (qsizetype i = 0; i < errors.size(); ++i) {
        const SyncDecision d = controller.decide(r, offBy(r, errors[i], true, playerRate), kNow);
        playerRate = d.setRate.value_or(playerRate);
        QCOMPARE(playerRate, rates[i]);
    }
}

void TestSyncController::seek_data()
{
    QTest::addColumn<double>("roomRate");
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<double>("measuredLatencyMs");
    QTest::addColumn<double>("seekTo");
    // The room is at 100 + 10 s * rate now; the seek aims at where it will
    // be a seek latency later (150 ms until one is measured).
    QTest::newRow("ahead-past-threshold") << 1.0 << 600.0 << kNone << 110.15;
    QTest::newRow("far-behind") << 1.0 << -5000.0 << kNone << 110.15;
    QTest::newRow("measured-latency") << 1.0 << 800.0 << 400.0 << 110.4;
    QTest::newRow("room-rate-125") << 1.25 << -900.0 << 200.0 << 112.75;
    QTest::newRow("just-below-threshold-glides") << 1.0 << 499.0 << kNone << kNone;
}

void TestSyncController::seek()
{
    QFETCH(double, roomRate);
    QFETCH(double, errorMs);
    QFETCH(double, measuredLatencyMs);
    QFETCH(double, seekTo);
    SyncController controller;
    if (measuredLatencyMs != kNone)
        controller.recordSeekLatency(measuredLatencyMs);
    const RoomState r = room(true, roomRate);
    const SyncDecision d = controller.decide(r, offBy(r, errorMs, true, 0.97), kNow);
    QCOMPARE(valueOr(d.seekTo), seekTo);
    QCOMPARE(controller.seekPending(), seekTo != kNone);
    // A seek also drops any nudge: it starts from the room's own speed.
    if (seekTo != kNone)
        QCOMPARE(valueOr(d.setRate), roomRate);
}

void TestSyncController::seekSuppression_data()
{
    QTest::addColumn<QString>("release");
    QTest::addColumn<qint64>("laterMs");
    QTest::addColumn<bool>("seeksAgain");
    QTest::newRow("blocked-while-in-flight") << "none" << qint64(2999) << false;
    QTest::newRow("released-by-finish") << "finished" << qint64(500) << true;
    QTest::newRow("released-by-timeout") << "none" << qint64(3000) << true;
    QTest::newRow("released-by-new-room-state") << "new-state" << qint64(100) << true;
    QTest::newRow("released-by-sync-to-live") << "sync-to-live" << qint64(100) << true;
}

void TestSyncController::seekSuppression()
{
    QFETCH(QString, release);
    QFETCH(qint64, laterMs);
    QFETCH(bool, seeksAgain);
    SyncController controller;
    RoomState r = room(true);
    QVERIFY(controller.decide(r, offBy(r, 2000.0), kNow).seekTo);
    // The player still reports the old position while the seek is in flight.
    QVERIFY(!controller.decide(r, offBy(r, 2000.0, true, 1.0, kNow + 50), kNow + 50).seekTo);

    if (release == QLatin1String("finished"))
        controller.seekFinished(kNow + laterMs);
    else if (release == QLatin1String("new-state"))
        r.seq += 1;
    else if (release == QLatin1String("sync-to-live"))
        controller.syncToLive();
    const SyncDecision d =
        controller.decide(r, offBy(r, 2000.0, true, 1.0, kNow + laterMs), kNow + laterMs);
    QCOMPARE(bool(d.seekTo), seeksAgain);
}

void TestSyncController::noNudgeWhileSeeking()
{
    SyncController controller;
    const RoomState r = room(true);
    QVERIFY(controller.decide(r, offBy(r, 900.0), kNow).seekTo);
    // Mid-seek positions say nothing about the playback speed.
    SyncDecision d = controller.decide(r, offBy(r, 30.0, true, 1.0, kNow + 50), kNow + 50);
    QVERIFY(d.isNone());
    controller.seekFinished(kNow + 100);
    d = controller.decide(r, offBy(r, 30.0, true, 1.0, kNow + 100), kNow + 100);
    QCOMPARE(valueOr(d.setRate), 0.97);
}

void TestSyncController::seekLatencySmoothing_data()
{
    QTest::addColumn<QList<double>>("measurements");
    QTest::addColumn<double>("latencyMs");
    QTest::newRow("default-until-measured") << QList<double> {} << 150.0;
    QTest::newRow("first-replaces-default") << QList<double> {300} << 300.0;
    QTest::newRow("then-smoothed") << QList<double> {300, 100} << 250.0;
    // A stall is not latency: it must not make the next catch-up seek aim seconds ahead.
    QTest::newRow("stall-dropped") << QList<double> {300, 100, 10'000} << 250.0;
    QTest::newRow("first-stall-keeps-default") << QList<double> {1'900} << 150.0;
    QTest::newRow("stall-then-real") << QList<double> {1'900, 120} << 120.0;
    QTest::newRow("slow-but-real") << QList<double> {900} << 900.0;
    QTest::newRow("negative-clamped") << QList<double> {-50} << 0.0;
}

void TestSyncController::seekLatencySmoothing()
{
    QFETCH(QList<double>, measurements);
    QFETCH(double, latencyMs);
    SyncController controller;
    for (double ms : measurements)
        controller.recordSeekLatency(ms);
    QCOMPARE(controller.seekLatencyMs(), latencyMs);
}

void TestSyncController::seekFinishedMeasuresLatency()
{
    SyncController controller;
    RoomState r = room(true);
    controller.seekFinished(kNow); // nothing in flight: no measurement
    QCOMPARE(controller.seekLatencyMs(), 150.0);

    QVERIFY(controller.decide(r, offBy(r, 900.0), kNow).seekTo);
    controller.seekFinished(kNow + 240);
    QCOMPARE(controller.seekLatencyMs(), 240.0);
    QVERIFY(!controller.seekPending());

    // A seek replaced in flight reports once for both: not a measurement.
    QVERIFY(controller.decide(r, offBy(r, 900.0, true, 1.0, kNow + 1000), kNow + 1000).seekTo);
    r.seq += 1;
    QVERIFY(controller.decide(r, offBy(r, 900.0, true, 1.0, kNow + 1100), kNow + 1100).seekTo);
    controller.seekFinished(kNow + 1200);
    QCOMPARE(controller.seekLatencyMs(), 240.0);
}

void TestSyncController::slowSeekIsNotRepeated()
{
    // On a slow network a seek takes seconds; re-seeking after the timeout would restart it.
    SyncController controller;
    const RoomState r = room(true);
    QVERIFY(controller.decide(r, offBy(r, 2000.0), kNow).seekTo);
    PlayerSnapshot stuck = offBy(r, 2000.0, true, 1.0, kNow + 5000);
    stuck.seeking = true;
    QVERIFY(!controller.decide(r, stuck, kNow + 5000).seekTo);
    stuck.seeking = false; // the player gave up or its report was lost
    QVERIFY(controller.decide(r, stuck, kNow + 5000).seekTo);
}

void TestSyncController::endOfVideo_data()
{
    QTest::addColumn<bool>("roomPlaying");
    QTest::addColumn<double>("roomPosition"); // at kNow - 10 s
    QTest::addColumn<double>("duration");
    QTest::addColumn<double>("playerPosition");
    QTest::addColumn<bool>("playerPlaying");
    QTest::addColumn<bool>("playerAtEnd");
    QTest::addColumn<double>("seekTo");
    QTest::addColumn<int>("setPlaying");
    // The room played into its end 8 s ago: it holds there, nobody is unpaused or sent past it.
    QTest::newRow("room-ended-player-at-end")
        << true << 110.0 << 112.0 << 111.96 << false << true << kNone << -1;
    // Still playing its last frames: it stops at the end by itself.
    QTest::newRow("room-ended-player-playing-on")
        << true << 110.0 << 112.0 << 111.9 << true << false << kNone << -1;
    // Its last frame is a frame before the end: no seek to the end, which lands there again.
    QTest::newRow("room-ended-last-frame-not-at-eof")
        << false << 112.0 << 112.0 << 111.96 << false << false << kNone << -1;
    QTest::newRow("room-ended-player-behind")
        << true << 110.0 << 112.0 << 50.0 << false << false << 112.0 << -1;
    // A member's copy 1 s shorter stops at its end while the room plays its last second.
    QTest::newRow("own-copy-shorter")
        << true << 100.0 << 120.0 << 109.0 << false << true << kNone << -1;
    QTest::newRow("own-copy-shorter-still-flagged-playing")
        << true << 100.0 << 120.0 << 109.0 << true << true << kNone << 0;
    // At its end but the room is far earlier (a seek back): follow the room.
    QTest::newRow("room-seeked-back")
        << false << 30.0 << 120.0 << 119.96 << false << true << 30.0 << -1;
    // Unknown duration: the room plays on as before.
    QTest::newRow("no-duration") << true << 110.0 << 0.0 << 120.0 << true << false << kNone << -1;
}

void TestSyncController::endOfVideo()
{
    QFETCH(bool, roomPlaying);
    QFETCH(double, roomPosition);
    QFETCH(double, duration);
    QFETCH(double, playerPosition);
    QFETCH(bool, playerPlaying);
    QFETCH(bool, playerAtEnd);
    QFETCH(double, seekTo);
    QFETCH(int, setPlaying);
    SyncController controller;
    RoomState r = room(roomPlaying);
    r.position = roomPosition;
    r.duration = duration;
    PlayerSnapshot p;
    p.position = playerPosition;
    p.playing = playerPlaying;
    p.atEnd = playerAtEnd;
    const SyncDecision d = controller.decide(r, p, kNow);
    QCOMPARE(valueOr(d.seekTo), seekTo);
    QCOMPARE(playingOr(d.setPlaying), setPlaying);
    // The same again a tick later: nothing new, however often it is asked.
    if (seekTo == kNone)
        QCOMPARE(valueOr(controller.decide(r, p, kNow + 50).seekTo), kNone);
}

void TestSyncController::playPause_data()
{
    QTest::addColumn<bool>("roomPlaying");
    QTest::addColumn<bool>("playerPlaying");
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<int>("setPlaying");
    QTest::addColumn<bool>("seeks");
    QTest::newRow("room-plays-player-paused") << true << false << -5.0 << 1 << false;
    QTest::newRow("room-paused-player-playing") << false << true << 10.0 << 0 << false;
    QTest::newRow("both-playing") << true << true << 0.0 << -1 << false;
    QTest::newRow("both-paused") << false << false << 0.0 << -1 << false;
    QTest::newRow("join-playing-room-far-behind") << true << false << -60'000.0 << 1 << true;
    QTest::newRow("pause-far-off") << false << true << 3000.0 << 0 << true;
}

void TestSyncController::playPause()
{
    QFETCH(bool, roomPlaying);
    QFETCH(bool, playerPlaying);
    QFETCH(double, errorMs);
    QFETCH(int, setPlaying);
    QFETCH(bool, seeks);
    SyncController controller;
    const RoomState r = room(roomPlaying);
    const SyncDecision d = controller.decide(r, offBy(r, errorMs, playerPlaying), kNow);
    QCOMPARE(playingOr(d.setPlaying), setPlaying);
    QCOMPARE(bool(d.seekTo), seeks);
}

void TestSyncController::paused_data()
{
    QTest::addColumn<double>("roomRate");
    QTest::addColumn<double>("playerRate");
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<double>("seekTo");
    QTest::addColumn<double>("rate");
    // Paused at 100 s: seeks go there exactly, with no latency lead.
    QTest::newRow("exact") << 1.0 << 1.0 << 0.0 << kNone << kNone;
    QTest::newRow("within-one-frame") << 1.0 << 1.0 << 39.0 << kNone << kNone;
    QTest::newRow("beyond-one-frame") << 1.0 << 1.0 << 41.0 << 100.0 << kNone;
    QTest::newRow("behind") << 1.0 << 1.0 << -500.0 << 100.0 << kNone;
    QTest::newRow("far-ahead") << 1.0 << 1.0 << 7000.0 << 100.0 << kNone;
    QTest::newRow("no-nudge-while-paused") << 1.0 << 1.0 << 30.0 << kNone << kNone;
    QTest::newRow("nudge-undone-for-next-play") << 1.0 << 1.03 << 0.0 << kNone << 1.0;
    QTest::newRow("room-rate-kept") << 1.25 << 1.25 << 20.0 << kNone << kNone;
}

void TestSyncController::paused()
{
    QFETCH(double, roomRate);
    QFETCH(double, playerRate);
    QFETCH(double, errorMs);
    QFETCH(double, seekTo);
    QFETCH(double, rate);
    SyncController controller;
    const RoomState r = room(false, roomRate);
    const SyncDecision d = controller.decide(r, offBy(r, errorMs, false, playerRate), kNow);
    QCOMPARE(valueOr(d.seekTo), seekTo);
    QCOMPARE(valueOr(d.setRate), rate);
    QVERIFY(!d.setPlaying);
}

void TestSyncController::scheduled_data()
{
    QTest::addColumn<bool>("roomPlaying");
    QTest::addColumn<qint64>("startsInMs");
    QTest::addColumn<bool>("playerPlaying");
    QTest::addColumn<double>("playerPosition");
    QTest::addColumn<int>("setPlaying");
    QTest::addColumn<double>("seekTo");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("errorMs");
    // The state applies from its start instant, at position 30 s.
    QTest::newRow("play-waits-paused")
        << true << qint64(200) << false << 30.0 << -1 << kNone << kNone << 0.0;
    QTest::newRow("play-pauses-and-cues-a-playing-player")
        << true << qint64(200) << true << 29.9 << 0 << 30.0 << kNone << -100.0;
    QTest::newRow("play-starts-on-time")
        << true << qint64(0) << false << 30.0 << 1 << kNone << kNone << 0.0;
    QTest::newRow("play-starts-late-and-glides")
        << true << qint64(-30) << false << 30.0 << 1 << kNone << 1.03 << -30.0;
    QTest::newRow("pause-keeps-playing-until-due")
        << false << qint64(200) << true << 29.8 << -1 << kNone << kNone << 0.0;
    QTest::newRow("pause-applies-when-due")
        << false << qint64(0) << true << 30.0 << 0 << kNone << kNone << 0.0;
}

void TestSyncController::scheduled()
{
    QFETCH(bool, roomPlaying);
    QFETCH(qint64, startsInMs);
    QFETCH(bool, playerPlaying);
    QFETCH(double, playerPosition);
    QFETCH(int, setPlaying);
    QFETCH(double, seekTo);
    QFETCH(double, rate);
    QFETCH(double, errorMs);
    SyncController controller;
    const RoomState r {roomPlaying, 30.0, 1.0, kNow + startsInMs, 2};
    const SyncDecision d = controller.decide(r, {playerPosition, playerPlaying, 1.0}, kNow);
    QCOMPARE(playingOr(d.setPlaying), setPlaying);
    QCOMPARE(valueOr(d.seekTo), seekTo);
    QCOMPARE(valueOr(d.setRate), rate);
    QVERIFY(std::abs(d.errorMs - errorMs) < 1e-6);
}

void TestSyncController::syncToLive_data()
{
    QTest::addColumn<bool>("roomPlaying");
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<double>("seekTo");
    QTest::newRow("playing-in-dead-zone") << true << 3.0 << 110.15;
    QTest::newRow("playing-gliding") << true << -200.0 << 110.15;
    QTest::newRow("paused-exact") << false << 0.0 << 100.0;
}

void TestSyncController::syncToLive()
{
    QFETCH(bool, roomPlaying);
    QFETCH(double, errorMs);
    QFETCH(double, seekTo);
    SyncController controller;
    const RoomState r = room(roomPlaying);
    const PlayerSnapshot player = offBy(r, errorMs, roomPlaying);
    QVERIFY(!controller.decide(r, player, kNow).seekTo);
    controller.syncToLive();
    QCOMPARE(valueOr(controller.decide(r, player, kNow).seekTo), seekTo);
    // One press, one seek.
    controller.seekFinished(kNow + 150);
    const PlayerSnapshot landed = offBy(r, 0.0, roomPlaying, 1.0, kNow + 150);
    QVERIFY(!controller.decide(r, landed, kNow + 150).seekTo);
}

QTEST_APPLESS_MAIN(TestSyncController)
#include "tst_synccontroller.moc"
