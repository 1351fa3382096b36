#include "MpvPlayer.h"
#include "PlayerControl.h"
#include "VideoFileServer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace watchium;

namespace {

// lavfi generates the clip, it cannot seek in it: mpv seeks inside its demuxer cache (cache=yes),
// and at 160x120 all 30 s (~43 MB of raw frames) fit the default cache, so seeks land in both
// directions. Without the cache, mpv 0.35 only lands forward seeks.
const QString kClip = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=30");
const QString kShortClip = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=1");
constexpr double kFrame = 1.0 / 25;
// Every wait is bounded by this, generous so a loaded 2-core CI machine does not flake.
constexpr int kTimeoutMs = 10000;

MpvPlayer::Options headlessOptions()
{
    MpvPlayer::Options options;
    options.headless = true;
    options.mpvOptions = {{"cache", "yes"}};
    return options;
}

} // namespace

class TestMpvPlayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void openAndPlay();
    void pauseHoldsPosition();
    void exactSeek_data();
    void exactSeek();
    void speedChange();
    void positionIsMonotonicAndExtrapolated();
    void endOfFileStaysOpenAndPaused();
    void slowSeekReportsTheFrameItShows();
    void badSourceEmitsError_data();
    void badSourceEmitsError();
    void failingCommandEmitsError();
    void badOptionEmitsError();

private:
    bool open(const QString &source = kClip);
    bool playUntil(double seconds);
    bool pauseAndSettle();

    std::unique_ptr<MpvPlayer> m_player;
};

void TestMpvPlayer::init()
{
    m_player = std::make_unique<MpvPlayer>(headlessOptions());
}

void TestMpvPlayer::cleanup()
{
    m_player.reset();
}

void TestMpvPlayer::slowSeekReportsTheFrameItShows()
{
    // A web server that can be made to crawl: the seek's target is far beyond what mpv has.
    test::VideoFileServer server(120.0);
    QVERIFY(server.start());
    server.setRate(200'000);
    m_player->pause();
    QVERIFY(open(server.url().toString()));
    const double before = m_player->position();
    QVERIFY(before < 1.0);
    server.setRate(1);
    QSignalSpy restarted(m_player.get(), &MpvPlayer::playbackRestarted);
    m_player->seek(90.0);
    QVERIFY(m_player->isSeeking());
    // mpv names its target at once; the viewer (and the room) still see the old frame.
    QVERIFY(!restarted.wait(800));
    QVERIFY(m_player->isSeeking());
    QCOMPARE(m_player->position(), before);
    server.setRate(0);
    QVERIFY(restarted.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!m_player->isSeeking(), kTimeoutMs);
    QVERIFY2(std::abs(m_player->position() - 90.0) <= kFrame,
             qPrintable(QString::number(m_player->position())));
}

bool TestMpvPlayer::open(const QString &source)
{
    QSignalSpy loaded(m_player.get(), &MpvPlayer::fileLoaded);
    // The load ends with a restart of its own; a test that then seeks must not take that one
    // for its seek's (on a loaded machine it can arrive late).
    QSignalSpy restarted(m_player.get(), &MpvPlayer::playbackRestarted);
    QElapsedTimer timer;
    timer.start();
    m_player->open(source);
    if (!QTest::qWaitFor(
            [&] { return !loaded.isEmpty() && !restarted.isEmpty() && m_player->hasTimePos(); },
            kTimeoutMs))
        return false;
    qInfo("opened in %lld ms", timer.elapsed());
    return true;
}

bool TestMpvPlayer::playUntil(double seconds)
{
    m_player->play();
    return QTest::qWaitFor([&] { return m_player->position() >= seconds; }, kTimeoutMs);
}

bool TestMpvPlayer::pauseAndSettle()
{
    m_player->pause();
    // core-idle follows once mpv has really stopped, after the last frame's time-pos.
    return QTest::qWaitFor([&] { return !m_player->isPlaying() && m_player->isCoreIdle(); },
                           kTimeoutMs);
}

void TestMpvPlayer::openAndPlay()
{
    PlayerControl &control = *m_player;
    control.pause();
    QVERIFY(open());
    QVERIFY(!control.isPlaying());
    QCOMPARE(control.position(), 0.0);

    QSignalSpy timePos(m_player.get(), &MpvPlayer::timePosChanged);
    control.play();
    QTRY_VERIFY_WITH_TIMEOUT(control.isPlaying(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->timePos() > 0.5, kTimeoutMs);
    QVERIFY(timePos.size() >= 2);
    QVERIFY(control.position() > 0.5);
    QVERIFY(m_player->duration() > 0.0);
}

void TestMpvPlayer::pauseHoldsPosition()
{
    PlayerControl &control = *m_player;
    QVERIFY(open());
    QVERIFY(playUntil(1.0));
    QVERIFY(pauseAndSettle());
    const double held = control.position();

    // A quiet window is the only way to see that nothing moves: it observes, it waits for nothing.
    QSignalSpy timePos(m_player.get(), &MpvPlayer::timePosChanged);
    QVERIFY(!timePos.wait(500));
    QCOMPARE(control.position(), held);
    QVERIFY(held >= 1.0);
}

void TestMpvPlayer::exactSeek_data()
{
    QTest::addColumn<double>("target");
    QTest::addColumn<bool>("playing");
    QTest::newRow("forward-paused") << 12.345 << false;
    QTest::newRow("backward-paused") << 0.5 << false;
    QTest::newRow("on-a-frame-paused") << 8.0 << false;
    QTest::newRow("forward-playing") << 20.21 << true;
    QTest::newRow("backward-playing") << 0.77 << true;
}

void TestMpvPlayer::exactSeek()
{
    QFETCH(double, target);
    QFETCH(bool, playing);
    QVERIFY(open());
    QVERIFY(playUntil(1.2));
    if (!playing)
        QVERIFY(pauseAndSettle());

    QSignalSpy restarted(m_player.get(), &MpvPlayer::playbackRestarted);
    QElapsedTimer sinceSeek;
    sinceSeek.start();
    m_player->seek(target);
    QVERIFY(restarted.wait(kTimeoutMs));
    const double landed = m_player->position();
    const double seconds = sinceSeek.nsecsElapsed() / 1e9;
    qInfo("seek to %.3f landed at %.3f after %.0f ms", target, landed, seconds * 1000);

    // hr-seek shows the first frame at or after the target. While playing, mpv 0.35 shows that
    // frame and the next one back to back as it restarts, and the clip may have moved on since
    // by the time since the seek was asked for.
    const double ahead = playing ? 2 * kFrame + seconds * m_player->speed() : kFrame;
    QVERIFY2(landed >= target - kFrame, qPrintable(QString::number(landed)));
    QVERIFY2(landed <= target + ahead + 1e-6, qPrintable(QString::number(landed)));
    QCOMPARE(m_player->isPlaying(), playing);
}

void TestMpvPlayer::speedChange()
{
    PlayerControl &control = *m_player;
    QVERIFY(open());
    QVERIFY(playUntil(0.5));
    QSignalSpy speed(m_player.get(), &MpvPlayer::speedChanged);
    control.setSpeed(1.5);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->speed(), 1.5, kTimeoutMs);
    QCOMPARE(speed.last().first().toDouble(), 1.5);

    // Over 3 s of media, the media-to-wall ratio is the speed; the bounds only separate 1.5 from
    // 1.0 and 2.0, since a loaded machine stretches any single interval.
    const double start = control.position();
    QElapsedTimer wall;
    wall.start();
    QTRY_VERIFY_WITH_TIMEOUT(control.position() >= start + 3.0, kTimeoutMs);
    const double ratio = (control.position() - start) / (wall.nsecsElapsed() / 1e9);
    qInfo("media advanced %.3fx wall time at speed 1.5", ratio);
    QVERIFY2(ratio > 1.25 && ratio < 1.75, qPrintable(QString::number(ratio)));
}

void TestMpvPlayer::positionIsMonotonicAndExtrapolated()
{
    PlayerControl &control = *m_player;
    QVERIFY(open());
    QVERIFY(playUntil(0.5));

    struct Sample
    {
        double position;
        double timePos;
    };
    QList<Sample> samples;
    QTimer sampler;
    sampler.setTimerType(Qt::PreciseTimer);
    sampler.setInterval(5);
    connect(&sampler, &QTimer::timeout, this, [&] {
        samples.append({control.position(), m_player->timePos()});
    });
    sampler.start();
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 200, kTimeoutMs);
    sampler.stop();

    qsizetype betweenUpdates = 0;
    for (qsizetype i = 1; i < samples.size(); ++i) {
        QVERIFY2(samples[i].position >= samples[i - 1].position,
                 qPrintable(QStringLiteral("%1 after %2")
                                .arg(samples[i].position)
                                .arg(samples[i - 1].position)));
        if (samples[i].timePos == samples[i - 1].timePos
            && samples[i].position > samples[i - 1].position)
            ++betweenUpdates;
    }
    // time-pos changes once per 40 ms frame, the sampler runs about every 5 ms.
    QVERIFY2(betweenUpdates >= samples.size() / 4, qPrintable(QString::number(betweenUpdates)));
}

void TestMpvPlayer::endOfFileStaysOpenAndPaused()
{
    QSignalSpy errors(m_player.get(), &MpvPlayer::error);
    QVERIFY(open(kShortClip));
    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isEofReached(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_player->isPlaying(), kTimeoutMs);
    QVERIFY(m_player->position() >= 1.0 - 2 * kFrame);
    QVERIFY(errors.isEmpty());
}

void TestMpvPlayer::badSourceEmitsError_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("mpvMessage");
    QTest::newRow("missing-file") << QStringLiteral("/nonexistent/watchium/missing.mkv")
                                  << QStringLiteral("loading failed");
    QTest::newRow("unknown-filter")
        << QStringLiteral("av://lavfi:nosuchfilter") << QStringLiteral("unrecognized file format");
}

void TestMpvPlayer::badSourceEmitsError()
{
    QFETCH(QString, source);
    QFETCH(QString, mpvMessage);
    QSignalSpy errors(m_player.get(), &MpvPlayer::error);
    m_player->open(source);
    QVERIFY(errors.wait(kTimeoutMs));
    const QString message = errors.first().first().toString();
    QVERIFY2(message.contains(source) && message.contains(mpvMessage), qPrintable(message));
}

void TestMpvPlayer::failingCommandEmitsError()
{
    // Nothing is loaded, so there is nothing to seek in.
    QSignalSpy errors(m_player.get(), &MpvPlayer::error);
    m_player->seek(5.0);
    QVERIFY(errors.wait(kTimeoutMs));
    const QString message = errors.first().first().toString();
    QVERIFY2(message.startsWith(QLatin1String("seek 5.000000 absolute+exact: ")),
             qPrintable(message));
}

void TestMpvPlayer::badOptionEmitsError()
{
    MpvPlayer::Options options = headlessOptions();
    options.mpvOptions.emplaceBack("no-such-option", "1");
    MpvPlayer player(options);
    QSignalSpy errors(&player, &MpvPlayer::error);
    QVERIFY(errors.wait(kTimeoutMs));
    const QString message = errors.first().first().toString();
    QVERIFY2(message.contains(QLatin1String("no-such-option")), qPrintable(message));
    // The player is inert but safe to use.
    player.play();
    player.seek(1.0);
    QCOMPARE(player.position(), 0.0);
}

QTEST_GUILESS_MAIN(TestMpvPlayer)
#include "tst_mpvplayer.moc"
