#include "client/InviteLink.h"
#include "client/RoomClient.h"
#include "EmbeddedServer.h"
#include "MainWindow.h"
#include "RoomBeacon.h"
#include "RoomView.h"
#include "StartPage.h"
#include "Translations.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 20000;

} // namespace

// The way into a room, as a user meets it: the start page keeps the last room's fields, says
// what the anime id is for, entering can be cancelled, and an invite to a room already open
// brings its window forward, from this process or from another start of the app. The windows
// are not shown: none of this needs a picture.
class TestStartFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void startPageRemembersTheLastRoom();
    void cancelWhileJoining();
    void cancelWhileStartingTheServer();
    void inviteToAnOpenRoomRaisesItsWindow();
    void secondStartOfTheAppRaisesTheWindow();

private:
    std::unique_ptr<MainWindow> makeWindow();
    void createRoom(MainWindow *window);

    Translations m_translations;
    QTemporaryDir m_dir;
};

void TestStartFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_translations.install(QStringLiteral("en"));
    QVERIFY(m_dir.isValid());
}

void TestStartFlow::cleanupTestCase()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestStartFlow::makeWindow()
{
    MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = m_dir.path();
    return std::make_unique<MainWindow>(options);
}

void TestStartFlow::createRoom(MainWindow *window)
{
    StartPage *page = window->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(QStringLiteral("Friday"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    page->hostLocallyBox()->setChecked(true);
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->roomView() != nullptr, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window->roomClient()->connectionState(),
                              RoomClient::ConnectionState::Joined, kTimeoutMs);
}

void TestStartFlow::startPageRemembersTheLastRoom()
{
    {
        StartPage page;
        // Explained where it is asked: the id decides whose comments you see.
        QVERIFY(page.animeIdEdit()->toolTip().contains(QLatin1String("comment thread")));
        QVERIFY(page.animeIdEdit()->placeholderText().startsWith(QLatin1String("optional")));
        page.nameEdit()->setText(QStringLiteral("Hana"));
        page.titleEdit()->setText(QStringLiteral("Friday night"));
        page.animeIdEdit()->setText(QStringLiteral("5114"));
        page.episodeBox()->setValue(7);
        page.videoUrlEdit()->setText(QStringLiteral("https://example.com/ep7.mp4"));
        page.publicBox()->setChecked(false);
        page.hostLocallyBox()->setChecked(true);
        QSignalSpy created(&page, &StartPage::createRequested);
        page.createButton()->click();
        QCOMPARE(created.count(), 1);
        page.setInviteLink(QStringLiteral("watchium://127.0.0.1:9/ABCDEFGHJK?key=123456"));
        QSignalSpy joined(&page, &StartPage::joinRequested);
        page.joinButton()->click();
        QCOMPARE(joined.count(), 1);
    }
    StartPage next;
    QCOMPARE(next.titleEdit()->text(), QStringLiteral("Friday night"));
    QCOMPARE(next.animeIdEdit()->text(), QStringLiteral("5114"));
    QCOMPARE(next.episodeBox()->value(), 7);
    QCOMPARE(next.videoUrlEdit()->text(), QStringLiteral("https://example.com/ep7.mp4"));
    QVERIFY(!next.publicBox()->isChecked());
    QCOMPARE(next.joinRoomEdit()->text(), QStringLiteral("ABCDEFGHJK"));
}

// A server that takes the connection and never answers: joining waits until Cancel.
void TestStartFlow::cancelWhileJoining()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    auto window = makeWindow();
    StartPage *page = window->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->setInviteLink(
        QStringLiteral("watchium://127.0.0.1:%1/ABCDEFGHJK?key=123456").arg(silent.serverPort()));
    QVERIFY(page->cancelButton()->isHidden());
    page->joinButton()->click();
    QVERIFY(!page->cancelButton()->isHidden());
    QVERIFY(!page->joinButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kTimeoutMs);
    QTcpSocket *request = silent.nextPendingConnection();

    page->cancelButton()->click();
    QCOMPARE(window->roomClient(), nullptr);
    QVERIFY(page->cancelButton()->isHidden());
    QVERIFY(page->joinButton()->isEnabled());
    QVERIFY(page->errorText().isEmpty());
    // The request itself was dropped, not left to time out.
    QTRY_COMPARE_WITH_TIMEOUT(request->state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
}

void TestStartFlow::cancelWhileStartingTheServer()
{
    auto window = makeWindow();
    StartPage *page = window->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(QStringLiteral("Friday"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    page->hostLocallyBox()->setChecked(true);
    QSignalSpy started(window->embeddedServer(), &EmbeddedServer::started);
    page->createButton()->click();
    QVERIFY(!page->cancelButton()->isHidden());
    page->cancelButton()->click();
    QVERIFY(!window->embeddedServer()->isRunning());
    QVERIFY(page->createButton()->isEnabled());
    // The next room starts its own server and enters as usual.
    createRoom(window.get());
    QVERIFY(window->embeddedServer()->isRunning());
}

void TestStartFlow::inviteToAnOpenRoomRaisesItsWindow()
{
    auto window = makeWindow();
    createRoom(window.get());
    const QString roomId = window->roomClient()->session().roomId;
    QVERIFY(window->roomBeacon()->isListening());
    QSignalSpy raised(window->roomBeacon(), &RoomBeacon::raiseRequested);
    // Blocking, so the beacon answers from another thread's event loop: this test's own.
    std::atomic<bool> answered = false;
    std::atomic<bool> finished = false;
    std::thread asker([&] {
        answered = RoomBeacon::raiseExisting(roomId, 5000);
        finished = true;
    });
    // The reply is flushed by this thread's event loop after raiseRequested, so it keeps running
    // until the asker has its answer; joining at the signal would starve the reply.
    QTRY_VERIFY_WITH_TIMEOUT(finished.load(), kTimeoutMs);
    asker.join();
    QCOMPARE(raised.count(), 1);
    QVERIFY(answered.load());

    // A second window of this process in the same room does not take it over.
    RoomBeacon second;
    QVERIFY(!second.listen(roomId));
    QVERIFY(window->roomBeacon()->isListening());

    // Left: nothing answers for the room any more.
    window->roomView()->leaveRequested();
    QTRY_VERIFY_WITH_TIMEOUT(window->roomView() == nullptr, kTimeoutMs);
    QVERIFY(!window->roomBeacon()->isListening());
    QVERIFY(!RoomBeacon::raiseExisting(roomId, 500));
}

// `watchium <invite>` as the desktop opens it, while the room is open in this window.
void TestStartFlow::secondStartOfTheAppRaisesTheWindow()
{
    auto window = makeWindow();
    createRoom(window.get());
    QSignalSpy raised(window->roomBeacon(), &RoomBeacon::raiseRequested);
    const auto link = InviteLink::forRoom(QUrl(QStringLiteral("http://127.0.0.1:1")),
                                          window->roomClient()->session().roomId, QString(), {});
    QTemporaryDir config;
    QVERIFY(config.isValid());
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Its own settings: never the user's, and no display name, so it could not join anyway.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(WATCHIUM_BINARY), {link.toString()});
    QVERIFY(app.waitForStarted(kTimeoutMs));
    // It asks this process, which must run its event loop to answer.
    QTRY_VERIFY_WITH_TIMEOUT(app.state() == QProcess::NotRunning, kTimeoutMs);
    if (app.state() != QProcess::NotRunning)
        app.kill();
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QVERIFY(app.readAllStandardOutput().contains("already open"));
    QCOMPARE(raised.count(), 1);
}

QTEST_MAIN(TestStartFlow)
#include "tst_startflow.moc"
