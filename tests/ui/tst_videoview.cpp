#include "CursorAutoHider.h"
#include "MpvPlayer.h"
#include "MpvVideoWidget.h"
#include "VideoView.h"

#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

using namespace watchium;

namespace {

const QString kClip = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25:duration=30");
constexpr int kTimeoutMs = 15000;
// Short, so the test does not wait the 2 s a viewer gets.
constexpr int kIdleMs = 300;

MpvPlayer::Options videoOptions()
{
    MpvPlayer::Options options;
    options.mpvOptions = {{"ao", "null"}, {"cache", "yes"}};
    return options;
}

} // namespace

class TestVideoView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void fKeyTogglesFullScreen();
    void doubleClickTogglesFullScreen();
    void escapeLeavesFullScreen();
    void modifiedKeysAreLeftAlone();
    void cursorHidesWhilePlayingAndReturnsOnMovement();
    void cursorComesBackOnMovement();
    void pausingShowsCursor();

private:
    bool isFullScreen() const { return m_window->isFullScreen(); }
    // Under X, QTest moves the real pointer: the events arrive later, through the X server.
    void moveMouse(QPoint pos);
    void doubleClick(Qt::MouseButton button);

    std::unique_ptr<MpvPlayer> m_player;
    // The room window around the view: fullscreen is this window's state.
    std::unique_ptr<QWidget> m_window;
    VideoView *m_view = nullptr;
};

void TestVideoView::init()
{
    m_player = std::make_unique<MpvPlayer>(videoOptions());
    m_window = std::make_unique<QWidget>();
    auto *layout = new QVBoxLayout(m_window.get());
    m_view = new VideoView(m_player.get());
    layout->addWidget(m_view);
    m_window->resize(400, 300);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_view->videoWidget()->isRendering(), kTimeoutMs);
    QCOMPARE(m_view->cursorHider()->idleTimeout(), CursorAutoHider::kDefaultIdleMs);
    m_view->cursorHider()->setIdleTimeout(kIdleMs);
}

void TestVideoView::cleanup()
{
    m_window.reset();
    m_view = nullptr;
    m_player.reset();
}

void TestVideoView::moveMouse(QPoint pos)
{
    QTest::mouseMove(m_view->videoWidget(), pos);
}

void TestVideoView::fKeyTogglesFullScreen()
{
    QSignalSpy changed(m_view, &VideoView::fullScreenChanged);
    QVERIFY(!isFullScreen());
    QTest::keyClick(m_view, Qt::Key_F);
    QVERIFY(isFullScreen());
    QTest::keyClick(m_view, Qt::Key_F);
    QVERIFY(!isFullScreen());
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).toBool(), true);
    QCOMPARE(changed.at(1).at(0).toBool(), false);
}

void TestVideoView::doubleClick(Qt::MouseButton button)
{
    // On the video itself, as a viewer would. QTest's double-click leaves the button down in
    // its own bookkeeping, and mouseMove() would then send drags: release it.
    QWidget *video = m_view->videoWidget();
    QTest::mouseDClick(video, button, {}, video->rect().center());
    QTest::mouseRelease(video, button, {}, video->rect().center());
}

void TestVideoView::doubleClickTogglesFullScreen()
{
    doubleClick(Qt::LeftButton);
    QVERIFY(isFullScreen());
    doubleClick(Qt::LeftButton);
    QVERIFY(!isFullScreen());
    doubleClick(Qt::RightButton);
    QVERIFY(!isFullScreen());
}

void TestVideoView::escapeLeavesFullScreen()
{
    QTest::keyClick(m_view, Qt::Key_Escape);
    QVERIFY(!isFullScreen());
    m_view->setFullScreen(true);
    QVERIFY(isFullScreen());
    QTest::keyClick(m_view, Qt::Key_Escape);
    QVERIFY(!isFullScreen());
}

void TestVideoView::modifiedKeysAreLeftAlone()
{
    QTest::keyClick(m_view, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(!isFullScreen());
}

void TestVideoView::cursorHidesWhilePlayingAndReturnsOnMovement()
{
    CursorAutoHider *hider = m_view->cursorHider();
    m_player->open(kClip);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->timePos() > 0.2, kTimeoutMs);
    QVERIFY(hider->isActive());

    QWidget *video = m_view->videoWidget();
    moveMouse({50, 50});
    QTRY_VERIFY_WITH_TIMEOUT(video->underMouse(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);
    QCOMPARE(video->cursor().shape(), Qt::BlankCursor);

    // The signals tell the order apart even if the cursor has hidden again by the time the
    // test looks.
    QSignalSpy controls(m_view, &VideoView::controlsVisibilityChanged);
    moveMouse({80, 60});
    QTRY_VERIFY_WITH_TIMEOUT(!controls.isEmpty(), kTimeoutMs);
    QCOMPARE(controls.at(0).at(0).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(controls.size(), 2, kTimeoutMs);
    QCOMPARE(controls.at(1).at(0).toBool(), false);
    QVERIFY(hider->isCursorHidden());
}

void TestVideoView::cursorComesBackOnMovement()
{
    CursorAutoHider *hider = m_view->cursorHider();
    QWidget *video = m_view->videoWidget();
    m_player->open(kClip);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->timePos() > 0.2, kTimeoutMs);
    moveMouse({50, 50});
    QTRY_VERIFY_WITH_TIMEOUT(video->underMouse(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);

    // The default 2 s: plenty of time to look.
    hider->setIdleTimeout(CursorAutoHider::kDefaultIdleMs);
    moveMouse({90, 70});
    QTRY_VERIFY_WITH_TIMEOUT(!hider->isCursorHidden(), kTimeoutMs);
    QCOMPARE(video->cursor().shape(), Qt::ArrowCursor);
}

void TestVideoView::pausingShowsCursor()
{
    CursorAutoHider *hider = m_view->cursorHider();
    m_player->open(kClip);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->timePos() > 0.2, kTimeoutMs);
    moveMouse({50, 50});
    QTRY_VERIFY_WITH_TIMEOUT(m_view->videoWidget()->underMouse(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);

    m_player->pause();
    QTRY_VERIFY_WITH_TIMEOUT(!hider->isActive(), kTimeoutMs);
    QVERIFY(!hider->isCursorHidden());
    QCOMPARE(m_view->videoWidget()->cursor().shape(), Qt::ArrowCursor);

    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(hider->isActive(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hider->isCursorHidden(), kTimeoutMs);
}

QTEST_MAIN(TestVideoView)
#include "tst_videoview.moc"
