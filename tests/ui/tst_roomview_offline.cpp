#include "ConnectionBanner.h"
#include "client/InviteLink.h"
#include "MainWindow.h"
#include "MpvPlayer.h"
#include "PlaybackControls.h"
#include "PlaybackFollower.h"
#include "RoomClientTestKit.h"
#include "RoomView.h"
#include "StartPage.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>
#include <memory>

using namespace watchium;
using namespace watchium::app;
using State = RoomClient::ConnectionState;

namespace {

constexpr int kTimeoutMs = 20000;
const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25:duration=600");
// Every retry this long after the last: the test changes the room between two of them.
constexpr int kRetryMs = 2500;
constexpr double kRoomPosition = 42.0;

QString unreachable(int attempt)
{
    return QStringLiteral("Server unreachable, retrying (attempt %1)").arg(attempt);
}

} // namespace

// A host's room view, real libmpv playing, whose server stops: the controls say the connection is
// down, the banner counts the attempts and offers Leave, and when the server is back the room's
// state wins over whatever the host pressed meanwhile.
class TestRoomViewOffline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void controlsWaitForTheRoom();
    void leaveWorksWhileDisconnected();
    void memberWindowLeavesWhileDisconnected();

private:
    bool controlsEnabled() const;

    test::TestServer m_server;
    std::unique_ptr<RoomClient> m_host;
    std::unique_ptr<RoomView> m_view;
};

void TestRoomViewOffline::initTestCase()
{
    QVERIFY(m_server.start());
    RoomClient::Options options = test::clientOptions(m_server.httpBase());
    options.socket.backoff = {kRetryMs, kRetryMs, 0.0};
    m_host = std::make_unique<RoomClient>(options);
    QSignalSpy entered(m_host.get(), &RoomClient::entered);
    m_host->createRoom(test::roomRequest(QStringLiteral("host")));
    QVERIFY(entered.wait(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), State::Joined, kTimeoutMs);

    RoomView::Options viewOptions;
    viewOptions.mediaOverride = kMedia;
    viewOptions.mpvOptions = {{"ao", "null"}};
    m_view = std::make_unique<RoomView>(m_host.get(), entered.first().first().value<RoomSession>(),
                                        viewOptions);
    m_view->resize(1000, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get(), kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_view->follower()->isActive(), kTimeoutMs);
}

void TestRoomViewOffline::cleanupTestCase()
{
    m_view.reset();
    m_host.reset();
}

bool TestRoomViewOffline::controlsEnabled() const
{
    PlaybackControls *c = m_view->controls();
    return c->playButton()->isEnabled() && c->seekSlider()->isEnabled()
        && c->speedCombo()->isEnabled();
}

void TestRoomViewOffline::controlsWaitForTheRoom()
{
    ConnectionBanner *banner = m_view->connectionBanner();
    PlaybackControls *controls = m_view->controls();
    m_host->play(0.0);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->isPlaying(), kTimeoutMs);
    QVERIFY(controlsEnabled());
    QVERIFY(banner->isHidden());

    QSignalSpy retries(m_host.get(), &RoomClient::reconnectScheduled);
    const RoomState before = m_host->roomState();
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QCOMPARE(banner->text(), unreachable(1));
    QVERIFY(!controlsEnabled());
    QVERIFY2(controls->playButton()->toolTip().contains(QLatin1String("Not connected")),
             qPrintable(controls->playButton()->toolTip()));

    // The host presses things: nothing reaches a room, nothing changes.
    QSignalSpy refused(m_host.get(), &RoomClient::controlFailed);
    QTest::keyClick(m_view.get(), Qt::Key_Space);
    QTest::keyClick(m_view.get(), Qt::Key_Right);
    controls->playButton()->click();
    QCOMPARE(m_host->roomState(), before);
    QCOMPARE(refused.size(), 0);
    // Meanwhile the video plays on along the room's last known state (its clock runs on at the
    // server too), even when something pauses the player.
    m_view->player()->pause();
    QTRY_VERIFY_WITH_TIMEOUT(m_view->player()->isPlaying(), kTimeoutMs);

    // The next retry fails too: the count goes up.
    QTRY_COMPARE_WITH_TIMEOUT(banner->text(), unreachable(2), kTimeoutMs);
    QVERIFY(!controlsEnabled());
    // For a reviewer to look at.
    QVERIFY(QDir().mkpath(QStringLiteral(WATCHIUM_SCREENSHOT_DIR)));
    QVERIFY(m_view->grab().save(QStringLiteral(WATCHIUM_SCREENSHOT_DIR "/room-offline.png")));

    // Right after that failure the host has kRetryMs to wait: the server comes back, and the
    // room changes without the host (the host's other device, over HTTP).
    QVERIFY(m_server.startOnSamePort());
    test::HttpClient http(m_server.httpBase());
    const auto changed = http.function(QStringLiteral("sync-control"),
                                       {{QStringLiteral("room_id"), m_host->session().roomId},
                                        {QStringLiteral("action"), QStringLiteral("pause")},
                                        {QStringLiteral("current_time"), kRoomPosition}},
                                       m_host->session().memberToken);
    QCOMPARE(changed.status, 200);
    QCOMPARE(m_host->connectionState(), State::Reconnecting);

    // Rejoined: the join reply's state wins, and the controls come back.
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), State::Joined, kTimeoutMs);
    QVERIFY(m_host->isHost());
    QVERIFY(!m_host->roomState().playing);
    QCOMPARE(m_host->roomState().position, kRoomPosition);
    QCOMPARE(m_host->roomState().seq, before.seq + 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->player()->isPlaying()
                                 && std::abs(m_view->player()->position() - kRoomPosition) < 0.1,
                             kTimeoutMs);
    QVERIFY(banner->isHidden());
    QVERIFY(controlsEnabled());
    QVERIFY(controls->playButton()->toolTip().isEmpty());
    QVERIFY(retries.size() >= 2);

    // And they work again.
    QSignalSpy accepted(m_host.get(), &RoomClient::controlAccepted);
    controls->playButton()->click();
    QVERIFY(accepted.wait(kTimeoutMs));
    QVERIFY(m_host->roomState().playing);
}

void TestRoomViewOffline::leaveWorksWhileDisconnected()
{
    ConnectionBanner *banner = m_view->connectionBanner();
    m_server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QSignalSpy leave(m_view.get(), &RoomView::leaveRequested);
    QVERIFY(banner->leaveButton()->isEnabled());
    QTest::mouseClick(banner->leaveButton(), Qt::LeftButton);
    QCOMPARE(leave.size(), 1);
}

void TestRoomViewOffline::memberWindowLeavesWhileDisconnected()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_server.startOnSamePort());
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), State::Joined, kTimeoutMs);
    QTemporaryDir dir;
    MainWindow::Options options;
    options.mediaOverride = kMedia;
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = dir.path();
    MainWindow window(options);
    window.startPage()->nameEdit()->setText(QStringLiteral("Yui"));
    window.joinInvite(
        InviteLink::forRoom(QUrl(m_server.httpBase()), m_host->session().roomId, {}).toString());
    QTRY_VERIFY_WITH_TIMEOUT(window.roomView() != nullptr, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.roomClient()->connectionState(), State::Joined, kTimeoutMs);

    m_server.stop();
    ConnectionBanner *banner = window.roomView()->connectionBanner();
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isHidden(), kTimeoutMs);
    QVERIFY(banner->text().startsWith(QLatin1String("Server unreachable")));
    // The window is back on the start page at once, not after the server's answer.
    banner->leaveButton()->click();
    QVERIFY(window.roomView() == nullptr);
    QSettings().clear();
}

QTEST_MAIN(TestRoomViewOffline)
#include "tst_roomview_offline.moc"
