#include "client/QueueClient.h"
#include "client/RoomClient.h"
#include "CommentsPanel.h"
#include "CursorAutoHider.h"
#include "DanmakuBar.h"
#include "DanmakuOverlay.h"
#include "MembersPanel.h"
#include "MpvPlayer.h"
#include "MpvVideoWidget.h"
#include "PlaybackControls.h"
#include "PlaybackFollower.h"
#include "QueuePanel.h"
#include "RoomNotice.h"
#include "RoomView.h"
#include "SeekSlider.h"
#include "StallingVideoServer.h"
#include "TestServer.h"
#include "VideoView.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <algorithm>
#include <memory>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 20000;
// What the stream sends before it stalls: long enough for mpv to open it and start playing.
constexpr double kInitialSeconds = 3.0;
// Short, so the test does not wait the 2 s a viewer gets.
constexpr int kIdleMs = 300;

} // namespace

// A host's room view on a real server, with real libmpv playing a stream from a local HTTP
// server that the test holds back: the buffering indicator, and fullscreen.
class TestRoomView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void bufferingIndicatorFollowsTheStream();
    void fullScreenHidesTheSidePanels();
    void controlsHideWithTheCursorInFullScreen();
    void brokenVideoIsShownAndReplaced();
    void anotherMembersCommentFliesOverTheVideoAtOnce();
    void fullScreenCommentBoxSendsAtTheCurrentMoment();
    void reactionsReachEveryone();
    void seekBarClickSeeksForTheHostOnly();
    void densityStripFollowsTheComments();
    void nextEpisodeMovesTheViewAndItsThread();
    void noticeText_data();
    void noticeText();

private:
    test::TestServer m_server;
    test::StallingVideoServer m_stream;
    std::unique_ptr<RoomClient> m_host;
    std::unique_ptr<RoomView> m_view;
    std::unique_ptr<RoomClient> m_member;
};

void TestRoomView::initTestCase()
{
    // The host's controls come faster than a person's (2 a second).
    m_server.config().rateLimits = false;
    QVERIFY(m_server.start());
    QVERIFY(m_stream.start(kInitialSeconds));
    RoomClient::Options options;
    options.serverUrl = QUrl(m_server.httpBase());
    m_host = std::make_unique<RoomClient>(options);
    QSignalSpy entered(m_host.get(), &RoomClient::entered);
    CreateRoomRequest request;
    request.title = QStringLiteral("Stalls");
    request.animeId = QStringLiteral("test");
    request.animeTitle = QStringLiteral("Test");
    request.episodeNumber = 1;
    request.videoUrl = m_stream.url().toString();
    request.userId = QStringLiteral("host");
    request.username = QStringLiteral("Hana");
    m_host->createRoom(request);
    QVERIFY(entered.wait(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);

    RoomView::Options viewOptions;
    viewOptions.mpvOptions = {{"ao", "null"}};
    m_view = std::make_unique<RoomView>(m_host.get(), entered.first().first().value<RoomSession>(),
                                        viewOptions);
    m_view->resize(1000, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get(), kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_view->follower()->isActive(), kTimeoutMs);
}

void TestRoomView::cleanupTestCase()
{
    m_member.reset();
    m_view.reset();
    m_host.reset();
}

void TestRoomView::bufferingIndicatorFollowsTheStream()
{
    QProgressBar *indicator = m_view->bufferingIndicator();
    QVERIFY(indicator->isHidden());
    QSignalSpy buffering(m_view->player(), &MpvPlayer::bufferingChanged);
    m_host->play(0.0);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->isPlaying(), kTimeoutMs);
    // A loaded machine (sanitizers, two cores) may see the play only after mpv has run through
    // the stream's first seconds, so the indicator may already be up: it follows mpv either way.
    QCOMPARE(indicator->isVisible(), m_view->player()->isBuffering());

    // The player runs out of what the server sent: mpv pauses for its cache.
    QTRY_VERIFY_WITH_TIMEOUT(indicator->isVisible(), kTimeoutMs);
    QVERIFY(m_view->player()->isBuffering());
    QCOMPARE(buffering.first().first().toBool(), true);

    m_stream.release(60.0);
    QTRY_VERIFY_WITH_TIMEOUT(indicator->isHidden(), kTimeoutMs);
    QVERIFY(!m_view->player()->isBuffering());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->position() > kInitialSeconds, kTimeoutMs);
}

void TestRoomView::fullScreenHidesTheSidePanels()
{
    QWidget *side[] = {m_view->membersPanel(), m_view->commentsPanel(), m_view->inviteEdit(),
                       m_view->statusBar()};
    for (QWidget *w : side)
        QVERIFY(w->isVisible());
    QTest::keyClick(m_view.get(), Qt::Key_F);
    QVERIFY(m_view->isFullScreen());
    for (QWidget *w : side)
        QVERIFY2(!w->isVisible(), w->metaObject()->className());
    // The controls depend on the cursor too: see the next test.
    QVERIFY(m_view->videoView()->isVisible());

    QTest::keyClick(m_view.get(), Qt::Key_Escape);
    QVERIFY(!m_view->isFullScreen());
    for (QWidget *w : side)
        QVERIFY2(w->isVisible(), w->metaObject()->className());
}

void TestRoomView::controlsHideWithTheCursorInFullScreen()
{
    // Playing since the earlier tests, though a loaded machine can still be catching up.
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->isPlaying(), kTimeoutMs);
    CursorAutoHider *hider = m_view->videoView()->cursorHider();
    QVERIFY(hider->isActive());
    hider->setIdleTimeout(kIdleMs);
    QWidget *video = m_view->videoView()->videoWidget();
    PlaybackControls *controls = m_view->controls();

    // In a window the controls stay when the cursor hides.
    QTest::mouseMove(video, video->rect().center());
    QTRY_VERIFY_WITH_TIMEOUT(video->underMouse(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);
    QVERIFY(controls->isVisible());

    QTest::keyClick(m_view.get(), Qt::Key_F);
    QVERIFY(m_view->isFullScreen());
    // Under X, QTest moves the real pointer: the events arrive later, through the X server.
    QTest::mouseMove(video, video->rect().center() + QPoint(40, 30));
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!controls->isVisible(), kTimeoutMs);

    // A movement brings them back; the default idle time leaves the test time to look.
    hider->setIdleTimeout(CursorAutoHider::kDefaultIdleMs);
    QTest::mouseMove(video, video->rect().center() - QPoint(40, 30));
    QTRY_VERIFY_WITH_TIMEOUT(controls->isVisible(), kTimeoutMs);

    // Moving over the controls counts as much as over the video: they go 3 s after the last
    // movement on them, not 3 s after the one on the video before.
    const double playedTo = m_view->player()->position();
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->position() > playedTo + 1.5, kTimeoutMs);
    QVERIFY(controls->isVisible());
    QWidget *slider = controls->seekSlider();
    QTest::mouseMove(slider, slider->rect().center());
    QElapsedTimer sinceMove;
    sinceMove.start();
    QTRY_VERIFY_WITH_TIMEOUT(!controls->isVisible(), kTimeoutMs);
    QVERIFY2(sinceMove.elapsed() >= CursorAutoHider::kDefaultIdleMs - 100,
             qPrintable(QString::number(sinceMove.elapsed())));
    QVERIFY(!m_view->danmakuBar()->isVisible());
    QTest::mouseMove(video, video->rect().center() + QPoint(40, 30));
    QTRY_VERIFY_WITH_TIMEOUT(controls->isVisible(), kTimeoutMs);

    // Leaving fullscreen shows them whatever the cursor does.
    hider->setIdleTimeout(kIdleMs);
    QTRY_VERIFY_WITH_TIMEOUT(!controls->isVisible(), kTimeoutMs);
    QTest::keyClick(m_view.get(), Qt::Key_Escape);
    QVERIFY(!m_view->isFullScreen());
    QVERIFY(controls->isVisible());
}

void TestRoomView::brokenVideoIsShownAndReplaced()
{
    QVERIFY(m_view->waitForMembersBox()->isEnabled());
    QVERIFY(m_view->waitForMembersBox()->isChecked());
    QSignalSpy changed(m_host.get(), &RoomClient::videoChanged);
    m_host->changeVideo(m_stream.missingUrl().toString());
    QVERIFY(changed.wait(kTimeoutMs));
    // The viewer sees why nothing plays, in the room view and as the members see it.
    QTRY_VERIFY_WITH_TIMEOUT(m_view->notice()->isVisible(), kTimeoutMs);
    QVERIFY2(m_view->notice()->text().startsWith(QLatin1String("Can't play this video")),
             qPrintable(m_view->notice()->text()));
    QVERIFY(m_view->notice()->text().contains(QLatin1String("missing.mp4")));
    auto *members = m_view->membersPanel()->findChild<QListWidget *>();
    QVERIFY(members);
    QTRY_VERIFY_WITH_TIMEOUT(members->count() > 0
                                 && members->item(0)->text().contains(QLatin1String("Can't play")),
                             kTimeoutMs);
    QVERIFY(!members->item(0)->text().contains(QLatin1String("In sync")));

    // The host puts a working video in: the same room plays it.
    m_host->changeVideo(m_stream.url().toString());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->notice()->isHidden(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->follower()->isActive(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!members->item(0)->text().contains(QLatin1String("Can't play")),
                             kTimeoutMs);
}

void TestRoomView::anotherMembersCommentFliesOverTheVideoAtOnce()
{
    const RoomSession session = m_host->session();
    RoomClient::Options options;
    options.serverUrl = QUrl(m_server.httpBase());
    m_member = std::make_unique<RoomClient>(options);
    JoinRoomRequest join;
    join.roomId = session.roomId;
    join.userId = QStringLiteral("ben");
    join.username = QStringLiteral("Ben");
    join.accessKey = session.room.value(QLatin1String("access_key")).toString();
    m_member->joinRoom(join);
    QTRY_COMPARE_WITH_TIMEOUT(m_member->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);
    m_view->danmakuBar()->toggle()->setChecked(true);
    QVERIFY(m_view->danmaku()->isEnabled());

    // Posted at the member's position: over the host's video at once, from the right edge.
    m_member->sendComment(QStringLiteral("Look at her face"), m_member->roomState().position);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_view->danmaku()->shownTexts().contains(QStringLiteral("Look at her face")), kTimeoutMs);

    // The switch takes it off and is remembered.
    m_view->danmakuBar()->toggle()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_view->danmaku()->shownTexts().isEmpty(), kTimeoutMs);
    QCOMPARE(QSettings().value(QStringLiteral("danmaku/enabled")).toBool(), false);
    m_view->danmakuBar()->toggle()->click();
    QCOMPARE(QSettings().value(QStringLiteral("danmaku/enabled")).toBool(), true);
}

void TestRoomView::fullScreenCommentBoxSendsAtTheCurrentMoment()
{
    QVERIFY(m_member);
    QLineEdit *input = m_view->danmakuBar()->input();
    QVERIFY(!input->isVisible());
    QTest::keyClick(m_view.get(), Qt::Key_F);
    QVERIFY(m_view->isFullScreen());
    QTRY_VERIFY_WITH_TIMEOUT(input->isVisible(), kTimeoutMs);
    QSignalSpy received(m_member.get(), &RoomClient::commentReceived);
    input->setFocus();
    const double at = m_view->player()->position();
    QTest::keyClicks(input, QStringLiteral("in fullscreen"));
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(input->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), kTimeoutMs);
    const QJsonObject comment = received.last().first().toJsonObject();
    QCOMPARE(comment.value(QLatin1String("message")).toString(), QStringLiteral("in fullscreen"));
    QVERIFY2(
        qAbs(comment.value(QLatin1String("video_timestamp")).toDouble() - at) < 2.0,
        qPrintable(QString::number(comment.value(QLatin1String("video_timestamp")).toDouble())));
    QTest::keyClick(m_view.get(), Qt::Key_Escape);
    QVERIFY(!m_view->isFullScreen());
    QTRY_VERIFY_WITH_TIMEOUT(!input->isVisible(), kTimeoutMs);
}

void TestRoomView::reactionsReachEveryone()
{
    QVERIFY(m_member);
    // Another member's reaction floats over this view's video.
    const QString fire = QStringLiteral("\U0001F525");
    m_member->sendReaction(fire);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->danmaku()->shownReactions().contains(fire), kTimeoutMs);

    // This view's button reaches the member, sent as the host.
    QSignalSpy broadcasts(m_member.get(), &RoomClient::broadcastReceived);
    QToolButton *first = m_view->danmakuBar()->reactionButtons().first();
    first->click();
    QTRY_VERIFY_WITH_TIMEOUT(!broadcasts.isEmpty(), kTimeoutMs);
    QCOMPARE(broadcasts.last().at(0).toString(), QStringLiteral("reaction"));
    const QJsonObject payload = broadcasts.last().at(1).toJsonObject();
    QCOMPARE(payload.value(QLatin1String("emoji")).toString(), first->text());
    QCOMPARE(payload.value(QLatin1String("user_id")).toString(), m_host->userId());

    // One outside the set is refused, with the server's reason.
    QSignalSpy failed(m_member.get(), &RoomClient::reactionFailed);
    m_member->sendReaction(QStringLiteral("\U0001F4A9"));
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("invalid_reaction"));
}

void TestRoomView::seekBarClickSeeksForTheHostOnly()
{
    // The test stream has no length mpv knows: give the bar one.
    PlaybackControls *controls = m_view->controls();
    controls->setDuration(100.0);
    SeekSlider *slider = controls->seekSlider();
    QVERIFY(slider->isEnabled());
    QSignalSpy accepted(m_host.get(), &RoomClient::controlAccepted);
    const QPoint at(slider->width() * 3 / 4, slider->height() / 2);
    QTest::mouseClick(slider, Qt::LeftButton, {}, at);
    QTRY_VERIFY_WITH_TIMEOUT(!accepted.isEmpty(), kTimeoutMs);
    QCOMPARE(accepted.last().first().toString(), QStringLiteral("seek"));
    QVERIFY2(qAbs(m_host->roomState().position - 75.0) < 3.0,
             qPrintable(QString::number(m_host->roomState().position)));

    // A member's bar is disabled: the click goes nowhere.
    PlaybackControls memberControls;
    memberControls.resize(600, 40);
    memberControls.setDuration(100.0);
    memberControls.setHost(false);
    memberControls.show();
    QVERIFY(QTest::qWaitForWindowExposed(&memberControls, kTimeoutMs));
    QSignalSpy seeks(&memberControls, &PlaybackControls::seekRequested);
    SeekSlider *memberSlider = memberControls.seekSlider();
    QTest::mouseClick(memberSlider, Qt::LeftButton, {},
                      QPoint(memberSlider->width() / 4, memberSlider->height() / 2));
    QCOMPARE(seeks.size(), 0);
    QCOMPARE(memberSlider->value(), 0);
    // The host's own, on the other hand, asks for the place clicked.
    memberControls.setHost(true);
    QTest::mouseClick(memberSlider, Qt::LeftButton, {},
                      QPoint(memberSlider->width() / 4, memberSlider->height() / 2));
    QCOMPARE(seeks.size(), 1);
    QVERIFY2(qAbs(seeks.first().first().toDouble() - 25.0) < 3.0,
             qPrintable(QString::number(seeks.first().first().toDouble())));
}

void TestRoomView::densityStripFollowsTheComments()
{
    QVERIFY(m_member);
    SeekSlider *slider = m_view->controls()->seekSlider();
    m_view->controls()->setDuration(100.0);
    // Four at 30 s (a member may post five a minute; one went before), more than anywhere else.
    for (int i = 0; i < 4; ++i)
        m_member->sendComment(QStringLiteral("at 30 s, %1").arg(i), 30.0);
    const auto busiest = [this, slider] {
        // mpv learns more of the stream's length as it arrives: keep the bar's 100 s.
        m_view->controls()->setDuration(100.0);
        const QList<double> strip = slider->densityStrip();
        const auto top = std::max_element(strip.cbegin(), strip.cend());
        return strip.isEmpty() || *top < 1.0 ? -1.0 : double(top - strip.cbegin()) / strip.size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(qAbs(busiest() - 0.3) < 0.02, kTimeoutMs);
    // The last tenth of the episode has no comments: nothing drawn there.
    const QList<double> strip = slider->densityStrip();
    QCOMPARE(strip.at(int(strip.size() * 0.95)), 0.0);
}

void TestRoomView::nextEpisodeMovesTheViewAndItsThread()
{
    QTreeWidget *thread = m_view->commentsPanel()->tree();
    const auto anchorOf = [thread] {
        return thread->topLevelItemCount() > 0 ? thread->topLevelItem(0)->text(0) : QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(anchorOf().startsWith(QLatin1String("Episode 1 of")), kTimeoutMs);
    QueuePanel *queue = m_view->queuePanel();
    queue->queue()->add(2, QStringLiteral("Two"), m_stream.url().toString());
    QTRY_COMPARE_WITH_TIMEOUT(queue->queue()->queue().entries.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(queue->nextButton()->isEnabled(), kTimeoutMs);
    queue->nextButton()->click();
    // The header, the episode's comment thread and the queue follow the room.
    QTRY_VERIFY_WITH_TIMEOUT(anchorOf().startsWith(QLatin1String("Episode 2 of")), kTimeoutMs);
    QCOMPARE(thread->topLevelItemCount(), 1);
    const auto headerSays = [this](const QString &text) {
        const auto labels = m_view->findChildren<QLabel *>();
        return std::any_of(labels.cbegin(), labels.cend(),
                           [&text](const QLabel *l) { return l->text().endsWith(text); });
    };
    QVERIFY(headerSays(QStringLiteral(", episode 2")));
    QTRY_COMPARE_WITH_TIMEOUT(queue->list()->item(0)->text(), QStringLiteral("Nothing queued"),
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->follower()->isActive(), kTimeoutMs);
}

void TestRoomView::noticeText_data()
{
    QTest::addColumn<bool>("playing");
    QTest::addColumn<double>("position");
    QTest::addColumn<double>("duration");
    QTest::addColumn<QStringList>("waitingFor");
    QTest::addColumn<QString>("playerError");
    QTest::addColumn<QString>("text");
    const QStringList nobody;
    const QStringList ben {QStringLiteral("ben")};
    QTest::newRow("playing") << true << 10.0 << 100.0 << nobody << QString() << QString();
    QTest::newRow("paused-by-host") << false << 10.0 << 100.0 << nobody << QString() << QString();
    QTest::newRow("waiting") << false << 10.0 << 100.0 << ben << QString()
                             << QStringLiteral("Waiting for Ben… (at most 8 s)");
    QTest::newRow("ended") << false << 100.0 << 100.0 << nobody << QString()
                           << QStringLiteral("Episode finished");
    QTest::newRow("played-into-the-end")
        << true << 99.0 << 100.0 << nobody << QString() << QStringLiteral("Episode finished");
    QTest::newRow("own-error-first") << false << 10.0 << 100.0 << ben << QStringLiteral("404")
                                     << QStringLiteral("Can't play this video: 404");
}

void TestRoomView::noticeText()
{
    QFETCH(bool, playing);
    QFETCH(double, position);
    QFETCH(double, duration);
    QFETCH(QStringList, waitingFor);
    QFETCH(QString, playerError);
    QFETCH(QString, text);
    constexpr qint64 kNow = 1'000'000;
    RoomState state {playing, position, 1.0, kNow - 2000, 3};
    state.duration = duration;
    state.waitingFor = waitingFor;
    state.waitDeadlineMs = kNow + 7500;
    const QStringList names =
        waitingFor.isEmpty() ? QStringList() : QStringList {QStringLiteral("Ben")};
    QCOMPARE(RoomNotice::describe(state, kNow, names, playerError), text);
}

QTEST_MAIN(TestRoomView)
#include "tst_roomview.moc"
