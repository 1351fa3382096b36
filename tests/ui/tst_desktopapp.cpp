#include "client/InviteLink.h"
#include "client/RoomApi.h"
#include "client/RoomClient.h"
#include "CommentsPanel.h"
#include "DanmakuBar.h"
#include "DanmakuOverlay.h"
#include "EmbeddedServer.h"
#include "MainWindow.h"
#include "MembersPanel.h"
#include "MpvPlayer.h"
#include "PlaybackControls.h"
#include "PlaybackFollower.h"
#include "RoomView.h"
#include "StartPage.h"
#include "WindowTestKit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace watchium;
using namespace watchium::app;
using test::memberItem;
using test::saveScreenshot;

namespace {

constexpr int kTimeoutMs = 20000;
const QString kClip = QStringLiteral("av://lavfi:testsrc=size=640x360:rate=25:duration=600");

MainWindow::Options windowOptions(const QString &dataDir)
{
    MainWindow::Options options;
    options.mediaOverride = kClip;
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = dataDir;
    return options;
}

bool treeHas(QTreeWidget *tree, const QString &text)
{
    return !tree->findItems(text, Qt::MatchContains | Qt::MatchRecursive).isEmpty();
}

// A new installation for each window: its own user id.
void forgetUserId()
{
    QSettings().remove(QStringLiteral("profile/user_id"));
}

} // namespace

// The desktop app against its own embedded server: a host creates a room from the start page,
// others join by invite link (a bare RoomClient and a second window), comments go both ways.
class TestDesktopApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void hostCreatesRoomFromStartPage();
    void memberJoinsByInviteWithSyncBadge();
    void commentsReachTheOtherSide();
    void membersSeeHostControlsDisabled();
    void wrongKeyShowsErrorInWindow();
    void unreachableServerShowsErrorInWindow();
    void hostKeysSeekTheRoom();
    void screenshotRoomWithVideoPlaying();
    void memberLeavesWithTheButton();
    void deletedRoomShowsErrorInHostWindow();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_host;
    std::unique_ptr<RoomClient> m_member;
    std::unique_ptr<MainWindow> m_memberWindow;
    QString m_invite;
};

void TestDesktopApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestDesktopApp::cleanupTestCase()
{
    m_memberWindow.reset();
    m_member.reset();
    m_host.reset();
    QSettings().clear();
}

void TestDesktopApp::hostCreatesRoomFromStartPage()
{
    m_host = std::make_unique<MainWindow>(windowOptions(m_dir.path()));
    m_host->resize(1280, 720);
    m_host->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_host.get()));
    StartPage *page = m_host->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(QStringLiteral("Friday night"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    page->publicBox()->setChecked(false); // private: the room needs its key
    QVERIFY(page->hostLocallyBox()->isChecked());
    saveScreenshot(m_host.get(), QStringLiteral("desktop_start_page.png"));

    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_host->roomView() != nullptr, kTimeoutMs);
    QVERIFY(m_host->embeddedServer()->isRunning());
    QVERIFY(page->errorText().isEmpty());
    RoomClient *room = m_host->roomClient();
    QTRY_COMPARE_WITH_TIMEOUT(room->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(memberItem(m_host.get(), room->userId()) != nullptr, kTimeoutMs);
    QListWidgetItem *self = memberItem(m_host.get(), room->userId());
    QVERIFY(self->data(MembersPanel::IsHostRole).toBool());
    QVERIFY(self->text().contains(QStringLiteral("Hana (you)")));

    m_invite = m_host->roomView()->inviteEdit()->text();
    const auto link = InviteLink::parse(m_invite);
    QVERIFY2(link.has_value(), qPrintable(m_invite));
    QCOMPARE(link->roomId, room->session().roomId);
    QVERIFY(!link->accessKey.isEmpty());
    QVERIFY(room->isHost());
    QVERIFY(m_host->roomView()->controls()->playButton()->isEnabled());
}

void TestDesktopApp::memberJoinsByInviteWithSyncBadge()
{
    const auto link = InviteLink::parse(m_invite);
    QVERIFY(link.has_value());
    RoomClient::Options options;
    options.serverUrl = link->serverUrl();
    options.presenceIntervalMs = 200;
    m_member = std::make_unique<RoomClient>(options);
    // Far behind the room: the host must see it out of sync, with the offset.
    m_member->setLocalStatus({0.0, false, -1234.0, false});
    JoinRoomRequest request;
    request.roomId = link->roomId;
    request.accessKey = link->accessKey;
    request.userId = QStringLiteral("member-kenji");
    request.username = QStringLiteral("Kenji");
    m_member->joinRoom(request);
    QTRY_COMPARE_WITH_TIMEOUT(m_member->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(memberItem(m_host.get(), QStringLiteral("member-kenji")) != nullptr,
                             kTimeoutMs);
    // Listed first; its presence (and so its badge) may come a moment later.
    QTRY_COMPARE_WITH_TIMEOUT(memberItem(m_host.get(), QStringLiteral("member-kenji"))
                                  ->data(MembersPanel::SyncLevelRole)
                                  .toInt(),
                              2, kTimeoutMs);
    QListWidgetItem *item = memberItem(m_host.get(), QStringLiteral("member-kenji"));
    QVERIFY(!item->data(MembersPanel::IsHostRole).toBool());
    QVERIFY2(item->text().contains(QStringLiteral("Out of sync (-1234 ms)")),
             qPrintable(item->text()));

    // Live: the badge follows the member's presence.
    m_member->setLocalStatus({0.0, false, 20.0, false});
    QTRY_COMPARE_WITH_TIMEOUT(memberItem(m_host.get(), QStringLiteral("member-kenji"))
                                  ->data(MembersPanel::SyncLevelRole)
                                  .toInt(),
                              0, kTimeoutMs);
}

void TestDesktopApp::commentsReachTheOtherSide()
{
    CommentsPanel *panel = m_host->roomView()->commentsPanel();
    // The episode's thread was loaded on join: its anchor is the first item.
    QTRY_VERIFY_WITH_TIMEOUT(panel->tree()->topLevelItemCount() >= 1, kTimeoutMs);
    QVERIFY(panel->tree()->topLevelItem(0)->data(0, CommentsPanel::IsAnchorRole).toBool());

    m_member->sendComment(QStringLiteral("<b>not bold</b> from Kenji"), 65.0);
    QTRY_VERIFY_WITH_TIMEOUT(treeHas(panel->tree(), QStringLiteral("<b>not bold</b> from Kenji")),
                             kTimeoutMs);
    const auto found = panel->tree()->findItems(QStringLiteral("from Kenji"),
                                                Qt::MatchContains | Qt::MatchRecursive);
    QCOMPARE(found.first()->text(1), QStringLiteral("01:05"));

    QSignalSpy received(m_member.get(), &RoomClient::commentReceived);
    panel->input()->setPlainText(QString(CommentsPanel::kMaxLength + 1, QLatin1Char('x')));
    QVERIFY(!panel->sendButton()->isEnabled());
    panel->input()->setPlainText(QStringLiteral("Hello from the host"));
    QVERIFY(panel->sendButton()->isEnabled());
    panel->input()->setFocus();
    QTest::keyClick(panel->input(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(panel->input()->toPlainText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(treeHas(panel->tree(), QStringLiteral("Hello from the host")),
                             kTimeoutMs);
    // A reply to Kenji's comment is shown under it.
    panel->tree()->setCurrentItem(found.first());
    panel->findChild<QPushButton *>(QStringLiteral("replyButton"))->click();
    panel->input()->setPlainText(QStringLiteral("A reply to Kenji"));
    QCOMPARE(panel->sendButton()->text(), QStringLiteral("Send reply"));
    panel->sendButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(found.first()->childCount() == 1, kTimeoutMs);
    QVERIFY(found.first()->child(0)->text(0).contains(QStringLiteral("A reply to Kenji")));
    QCOMPARE(panel->sendButton()->text(), QStringLiteral("Send"));
    // Written first, then Reply: that text is the reply, sent at once.
    panel->input()->setPlainText(QStringLiteral("Typed before choosing"));
    panel->tree()->setCurrentItem(found.first());
    panel->findChild<QPushButton *>(QStringLiteral("replyButton"))->click();
    QVERIFY(panel->input()->toPlainText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(found.first()->childCount() == 2, kTimeoutMs);
    QVERIFY(found.first()->child(1)->text(0).contains(QStringLiteral("Typed before choosing")));
    // In a reply, Ctrl+Enter sends the reply.
    panel->tree()->setCurrentItem(found.first());
    panel->findChild<QPushButton *>(QStringLiteral("replyButton"))->click();
    panel->input()->setPlainText(QStringLiteral("Ctrl+Enter reply"));
    QTest::keyClick(panel->input(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(found.first()->childCount() == 3, kTimeoutMs);
    QVERIFY(found.first()->child(2)->text(0).contains(QStringLiteral("Ctrl+Enter reply")));

    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(received.cbegin(), received.cend(),
                                         [](const QList<QVariant> &args) {
                                             return args.at(0).toJsonObject().value(
                                                        QLatin1String("message"))
                                                 == QLatin1String("Hello from the host");
                                         }),
                             kTimeoutMs);
}

void TestDesktopApp::membersSeeHostControlsDisabled()
{
    forgetUserId();
    m_memberWindow = std::make_unique<MainWindow>(windowOptions(m_dir.path()));
    m_memberWindow->resize(1000, 600);
    m_memberWindow->show();
    m_memberWindow->startPage()->nameEdit()->setText(QStringLiteral("Yui"));
    m_memberWindow->joinInvite(m_invite);
    QTRY_VERIFY_WITH_TIMEOUT(m_memberWindow->roomView() != nullptr, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_memberWindow->roomClient()->hostUserId().isEmpty(), kTimeoutMs);
    PlaybackControls *controls = m_memberWindow->roomView()->controls();
    QVERIFY(!controls->playButton()->isEnabled());
    QVERIFY(!controls->seekSlider()->isEnabled());
    QCOMPARE(controls->playButton()->toolTip(), QStringLiteral("Only the host controls playback"));
    QVERIFY(!controls->syncButton()->isHidden());
    // Space is the host's: nothing is sent from a member.
    QSignalSpy refused(m_memberWindow->roomClient(), &RoomClient::controlFailed);
    QTest::keyClick(m_memberWindow->roomView(), Qt::Key_Space);
    QVERIFY(!m_memberWindow->roomClient()->roomState().playing);
    QCOMPARE(refused.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        memberItem(m_host.get(), m_memberWindow->roomClient()->userId()) != nullptr, kTimeoutMs);
}

void TestDesktopApp::wrongKeyShowsErrorInWindow()
{
    forgetUserId();
    MainWindow window(windowOptions(m_dir.path()));
    window.show();
    auto link = InviteLink::parse(m_invite);
    link->accessKey = QStringLiteral("wrong-key");
    window.startPage()->nameEdit()->setText(QStringLiteral("Mallory"));
    window.joinInvite(link->toString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.startPage()->errorText().isEmpty(), kTimeoutMs);
    QVERIFY2(window.startPage()->errorText().contains(QStringLiteral("Wrong room key")),
             qPrintable(window.startPage()->errorText()));
    QVERIFY(window.roomView() == nullptr);
    QVERIFY(window.startPage()->joinButton()->isEnabled());
}

void TestDesktopApp::unreachableServerShowsErrorInWindow()
{
    MainWindow window(windowOptions(m_dir.path()));
    window.show();
    window.startPage()->nameEdit()->setText(QStringLiteral("Mallory"));
    // Port 1 on loopback: nothing listens there.
    window.joinInvite(QStringLiteral("watchium://127.0.0.1:1/some-room?key=k"));
    QTRY_VERIFY_WITH_TIMEOUT(!window.startPage()->errorText().isEmpty(), kTimeoutMs);
    QVERIFY2(window.startPage()->errorText().contains(QStringLiteral("Cannot reach the server")),
             qPrintable(window.startPage()->errorText()));
}

void TestDesktopApp::hostKeysSeekTheRoom()
{
    RoomView *view = m_host->roomView();
    QTRY_VERIFY_WITH_TIMEOUT(view->follower()->isActive(), kTimeoutMs);
    QTest::keyClick(view, Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(m_host->roomClient()->roomState().position >= 4.5, kTimeoutMs);
    // One seek only: the server allows a host two controls a second, and Space follows.
}

void TestDesktopApp::screenshotRoomWithVideoPlaying()
{
    RoomView *view = m_host->roomView();
    QTRY_VERIFY_WITH_TIMEOUT(view->follower()->isActive(), kTimeoutMs);
    // The second window's video loaded too: on a loaded machine it could still be loading, and
    // the play would start a group wait (a pause of up to 10 s) in the middle of what follows.
    QTRY_VERIFY_WITH_TIMEOUT(m_memberWindow->roomView()->follower()->isActive(), kTimeoutMs);
    // And no group wait at all for this picture: under load a member still buffers at the play,
    // and after a wait that timed out the lines below were not seen within 20 s (an open
    // question, in the stop-19 closing note; tst_group_wait covers group wait itself).
    m_host->roomClient()->setGroupWait(false);
    QTRY_VERIFY_WITH_TIMEOUT(!m_host->roomClient()->groupWait(), kTimeoutMs);
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(m_host->roomClient()->roomState().playing, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(view->player()->position() > 2.0, kTimeoutMs);
    // The member window follows the host.
    QTRY_VERIFY_WITH_TIMEOUT(m_memberWindow->roomView()->player()->isPlaying(), kTimeoutMs);
    QTest::qWait(0);
    saveScreenshot(m_host.get(), QStringLiteral("desktop_room_host.png"));
    saveScreenshot(m_memberWindow.get(), QStringLiteral("desktop_room_member.png"));

    // Kenji's comments fly over the host's video as he posts them, and his reaction floats up
    // (the README's danmaku picture).
    view->danmakuBar()->toggle()->setChecked(true);
    // Every lane: the thread's comments from the start of the episode fly at the same time, and
    // at the default density a live one may find no lane free and be dropped after 2 s.
    QComboBox *density = view->danmakuBar()->densityCombo();
    density->setCurrentIndex(density->count() - 1);
    QCOMPARE(view->danmaku()->density(), DanmakuOverlay::Density::High);
    const QStringList lines {QStringLiteral("The opening again!"),
                             QStringLiteral("this animation though"),
                             QStringLiteral("best episode so far")};
    for (const QString &line : lines) {
        const double at = view->player()->position();
        m_member->sendComment(line, at);
        QTRY_VERIFY_WITH_TIMEOUT(view->danmaku()->shownTexts().contains(line), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(view->player()->position() > at + 1.2, kTimeoutMs);
    }
    m_member->sendReaction(QStringLiteral("\U0001F602"));
    QTRY_VERIFY_WITH_TIMEOUT(!view->danmaku()->shownReactions().isEmpty(), kTimeoutMs);
    saveScreenshot(m_host.get(), QStringLiteral("desktop_room_danmaku.png"));
}

void TestDesktopApp::memberLeavesWithTheButton()
{
    const QString yui = m_memberWindow->roomClient()->userId();
    m_memberWindow->roomView()->findChild<QPushButton *>(QStringLiteral("leaveButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_memberWindow->roomView() == nullptr, kTimeoutMs);
    QVERIFY(m_memberWindow->startPage()->errorText().isEmpty());
    // The host sees the member go.
    QTRY_VERIFY_WITH_TIMEOUT(memberItem(m_host.get(), yui) == nullptr, kTimeoutMs);
}

void TestDesktopApp::deletedRoomShowsErrorInHostWindow()
{
    RoomClient *host = m_host->roomClient();
    QSignalSpy closed(m_member.get(), &RoomClient::roomClosed);
    bool answered = false;
    host->api()->call(QStringLiteral("rooms-delete"),
                      {{QStringLiteral("room_id"), host->session().roomId}},
                      host->session().memberToken,
                      [&answered](const RoomApi::Result &result) { answered = result.ok; });
    QTRY_VERIFY_WITH_TIMEOUT(answered, kTimeoutMs);
    // Members are told through the channel; the window goes back to the start page, saying why.
    QTRY_VERIFY_WITH_TIMEOUT(m_host->roomView() == nullptr, kTimeoutMs);
    QVERIFY2(m_host->startPage()->errorText().contains(QStringLiteral("closed")),
             qPrintable(m_host->startPage()->errorText()));
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, kTimeoutMs);
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
