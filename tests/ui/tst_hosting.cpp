#include "client/RoomClient.h"
#include "EmbeddedServer.h"
#include "client/InviteLink.h"
#include "MainWindow.h"
#include "RoomView.h"
#include "ServingBar.h"
#include "StartPage.h"
#include "Translations.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 20000;
using LeaveAnswer = ServingQuestions::LeaveAnswer;

} // namespace

// The embedded server's life in the desktop window: it stops when the host leaves alone, keeps
// serving members in the background when the host says so (and shows it on the start page),
// is reused for the next room, and closes the rooms for their members when stopped. The windows
// are never shown: Qt's offscreen platform cannot compose the video's QOpenGLWidget, and none
// of this needs a picture.
class TestHosting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void hostLeavingAloneStopsTheServer();
    void hostKeepsServingForAMember();
    void anotherHostedRoomReusesTheServer();
    void stoppingClosesTheRoomForMembers();
    void closingTheRoomOnLeaving();
    void quittingWhileServingAsks();

private:
    // A window whose questions answer what the test set in m_leaveAnswer and m_quitAnswer,
    // counting how many others each question was about.
    std::unique_ptr<MainWindow> makeWindow();
    void createRoom(MainWindow *window, const QString &title);
    std::unique_ptr<RoomClient> joinMember(MainWindow *host, const QString &userId);
    void clickLeave(MainWindow *window);

    Translations m_translations;
    QTemporaryDir m_dir;
    LeaveAnswer m_leaveAnswer = LeaveAnswer::KeepServing;
    bool m_quitAnswer = false;
    QList<int> m_leaveAsked;
    QList<int> m_quitAsked;
    std::unique_ptr<MainWindow> m_host;
    std::unique_ptr<RoomClient> m_member;
};

void TestHosting::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    // English as the app installs it: its plural forms.
    m_translations.install(QStringLiteral("en"));
    QVERIFY(m_dir.isValid());
}

void TestHosting::cleanupTestCase()
{
    QSettings().clear();
}

void TestHosting::cleanup()
{
    m_leaveAsked.clear();
    m_quitAsked.clear();
}

std::unique_ptr<MainWindow> TestHosting::makeWindow()
{
    MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = m_dir.path();
    auto window = std::make_unique<MainWindow>(options);
    ServingQuestions questions;
    questions.onLeave = [this](int others) {
        m_leaveAsked.append(others);
        return m_leaveAnswer;
    };
    questions.onQuit = [this](int others) {
        m_quitAsked.append(others);
        return m_quitAnswer;
    };
    window->setServingQuestions(questions);
    return window;
}

void TestHosting::createRoom(MainWindow *window, const QString &title)
{
    StartPage *page = window->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(title);
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    QVERIFY(page->hostLocallyBox()->isChecked());
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->roomView() != nullptr, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window->roomClient()->connectionState(),
                              RoomClient::ConnectionState::Joined, kTimeoutMs);
    QVERIFY(window->embeddedServer()->isRunning());
    QVERIFY(window->servingBar()->isHidden());
}

std::unique_ptr<RoomClient> TestHosting::joinMember(MainWindow *host, const QString &userId)
{
    const auto link = InviteLink::parse(host->roomView()->inviteEdit()->text());
    if (!link)
        return nullptr;
    RoomClient::Options options;
    // The invite names this computer's LAN address; the test stays on loopback.
    options.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(link->port));
    auto member = std::make_unique<RoomClient>(options);
    JoinRoomRequest request;
    request.roomId = link->roomId;
    request.accessKey = link->accessKey;
    request.userId = userId;
    request.username = QStringLiteral("Kenji");
    member->joinRoom(request);
    // The host's presence shows the member: the host knows it is not alone.
    if (!QTest::qWaitFor([&] { return host->roomClient()->members().contains(userId); },
                         kTimeoutMs))
        return nullptr;
    return member;
}

void TestHosting::clickLeave(MainWindow *window)
{
    window->roomView()->findChild<QPushButton *>(QStringLiteral("leaveButton"))->click();
}

void TestHosting::hostLeavingAloneStopsTheServer()
{
    auto window = makeWindow();
    createRoom(window.get(), QStringLiteral("Alone"));
    const quint16 port = quint16(window->embeddedServer()->url().port());
    clickLeave(window.get());
    QVERIFY(window->roomView() == nullptr);
    QVERIFY(m_leaveAsked.isEmpty());
    QVERIFY(!window->embeddedServer()->isRunning());
    QVERIFY(window->servingBar()->isHidden());
    QVERIFY(window->startPage()->errorText().isEmpty());
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!probe.waitForConnected(kTimeoutMs));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestHosting::hostKeepsServingForAMember()
{
    m_host = makeWindow();
    createRoom(m_host.get(), QStringLiteral("Movie night"));
    const QUrl serverUrl = m_host->embeddedServer()->url();
    m_member = joinMember(m_host.get(), QStringLiteral("member-kenji"));
    QVERIFY(m_member);
    QCOMPARE(m_member->connectionState(), RoomClient::ConnectionState::Joined);

    m_leaveAnswer = LeaveAnswer::KeepServing;
    clickLeave(m_host.get());
    QCOMPARE(m_leaveAsked, QList<int> {1});
    QVERIFY(m_host->roomView() == nullptr);
    QVERIFY(m_host->embeddedServer()->isRunning());
    QCOMPARE(m_host->embeddedServer()->url(), serverUrl);
    // The member stays, and the room is theirs to control now.
    QTRY_COMPARE_WITH_TIMEOUT(m_member->hostUserId(), QStringLiteral("member-kenji"), kTimeoutMs);
    QCOMPARE(m_member->connectionState(), RoomClient::ConnectionState::Joined);
    // The start page says what runs.
    QVERIFY(!m_host->servingBar()->isHidden());
    QCOMPARE(m_host->servingBar()->text(), QStringLiteral("Serving “Movie night” for 1 member"));
}

void TestHosting::anotherHostedRoomReusesTheServer()
{
    QVERIFY(m_host && m_member);
    const QUrl serverUrl = m_host->embeddedServer()->url();
    QSignalSpy reconnecting(m_member.get(), &RoomClient::reconnectScheduled);
    createRoom(m_host.get(), QStringLiteral("Second"));
    QCOMPARE(m_host->embeddedServer()->url(), serverUrl);
    QCOMPARE(m_member->connectionState(), RoomClient::ConnectionState::Joined);
    QCOMPARE(reconnecting.count(), 0);

    // Alone in this one, but the server still serves the first: it stays, without a question.
    clickLeave(m_host.get());
    QVERIFY(m_leaveAsked.isEmpty());
    QVERIFY(m_host->embeddedServer()->isRunning());
    QVERIFY(!m_host->servingBar()->isHidden());
    QCOMPARE(m_member->connectionState(), RoomClient::ConnectionState::Joined);
    QCOMPARE(reconnecting.count(), 0);
}

void TestHosting::stoppingClosesTheRoomForMembers()
{
    QVERIFY(m_host && m_member);
    QSignalSpy closed(m_member.get(), &RoomClient::roomClosed);
    const quint16 port = quint16(m_host->embeddedServer()->url().port());
    m_host->servingBar()->stopButton()->click();
    QVERIFY(!m_host->embeddedServer()->isRunning());
    QVERIFY(m_host->servingBar()->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, kTimeoutMs);
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!probe.waitForConnected(kTimeoutMs));
    m_member.reset();
    m_host.reset();
}

void TestHosting::closingTheRoomOnLeaving()
{
    auto window = makeWindow();
    createRoom(window.get(), QStringLiteral("Short"));
    auto member = joinMember(window.get(), QStringLiteral("member-yui"));
    QVERIFY(member);
    QSignalSpy closed(member.get(), &RoomClient::roomClosed);

    // Cancelled: nothing changes.
    m_leaveAnswer = LeaveAnswer::StayInRoom;
    clickLeave(window.get());
    QCOMPARE(m_leaveAsked, QList<int> {1});
    QVERIFY(window->roomView() != nullptr);
    QCOMPARE(window->roomClient()->connectionState(), RoomClient::ConnectionState::Joined);

    m_leaveAnswer = LeaveAnswer::CloseRoom;
    clickLeave(window.get());
    QCOMPARE(m_leaveAsked, (QList<int> {1, 1}));
    QVERIFY(window->roomView() == nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, kTimeoutMs);
    // Nobody else was served: the server went with the room.
    QVERIFY(!window->embeddedServer()->isRunning());
    QVERIFY(window->servingBar()->isHidden());
    QVERIFY(window->startPage()->errorText().isEmpty());
}

void TestHosting::quittingWhileServingAsks()
{
    auto window = makeWindow();
    createRoom(window.get(), QStringLiteral("Late show"));
    auto member = joinMember(window.get(), QStringLiteral("member-aoi"));
    QVERIFY(member);
    QSignalSpy closed(member.get(), &RoomClient::roomClosed);

    m_quitAnswer = false;
    QVERIFY(!window->close());
    QCOMPARE(m_quitAsked, QList<int> {1});
    QVERIFY(window->embeddedServer()->isRunning());
    QVERIFY(window->roomView() != nullptr);

    m_quitAnswer = true;
    QVERIFY(window->close());
    QCOMPARE(m_quitAsked, (QList<int> {1, 1}));
    window.reset();
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, kTimeoutMs);
}

QTEST_MAIN(TestHosting)
#include "tst_hosting.moc"
