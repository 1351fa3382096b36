#include "client/QueueClient.h"
#include "client/RoomClient.h"
#include "QueuePanel.h"
#include "TestServer.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 15000;

QStringList texts(const QListWidget *list)
{
    QStringList lines;
    for (int i = 0; i < list->count(); ++i)
        lines.append(list->item(i)->text());
    return lines;
}

void addEntry(QueuePanel *panel, int episode, const QString &title, const QString &url)
{
    panel->episodeBox()->setValue(episode);
    panel->titleEdit()->setText(title);
    panel->urlEdit()->setText(url);
    panel->addButton()->click();
}

} // namespace

// The queue panel of a host and of a member in one room on a real server: the member reads
// the queue, the host edits it, moves everyone on, and both see the auto-advance countdown.
class TestQueuePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void memberReadsWhatTheHostQueues();
    void hostReordersAndRemoves();
    void nextEpisodeOffersTheNextOwnFile();
    void countdownShowsForEveryoneAndHostCancels();

private:
    std::unique_ptr<RoomClient> client();
    void saveScreenshot(QWidget *widget, const QString &name);

    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<RoomClient> m_host;
    std::unique_ptr<RoomClient> m_member;
    std::unique_ptr<QueuePanel> m_hostPanel;
    std::unique_ptr<QueuePanel> m_memberPanel;
    QTemporaryDir m_folder;
};

std::unique_ptr<RoomClient> TestQueuePanel::client()
{
    RoomClient::Options options;
    options.serverUrl = QUrl(m_server->httpBase());
    options.presenceIntervalMs = 200;
    return std::make_unique<RoomClient>(options);
}

void TestQueuePanel::saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(WATCHIUM_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.save(dir + QLatin1Char('/') + name));
}

void TestQueuePanel::initTestCase()
{
    auto config = test::TestServer::defaults();
    config.rateLimits = false;
    config.autoAdvanceCountdownMs = 30000;
    m_server = std::make_unique<test::TestServer>(config);
    QVERIFY(m_server->start());

    m_host = client();
    CreateRoomRequest create;
    create.title = QStringLiteral("Marathon");
    create.animeId = QStringLiteral("frieren");
    create.animeTitle = QStringLiteral("Frieren");
    create.videoUrl = QStringLiteral("https://example.com/ep1.mp4");
    create.userId = QStringLiteral("host-hana");
    create.username = QStringLiteral("Hana");
    m_host->createRoom(create);
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);
    m_member = client();
    JoinRoomRequest join;
    join.roomId = m_host->session().roomId;
    join.userId = QStringLiteral("mio");
    join.username = QStringLiteral("Mio");
    m_member->joinRoom(join);
    QTRY_COMPARE_WITH_TIMEOUT(m_member->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);

    m_hostPanel = std::make_unique<QueuePanel>(m_host.get());
    m_memberPanel = std::make_unique<QueuePanel>(m_member.get());
    for (QueuePanel *panel : {m_hostPanel.get(), m_memberPanel.get()}) {
        panel->resize(380, 420);
        panel->show();
    }
    QVERIFY(m_folder.isValid());
    for (const char *name : {"[Group] Frieren - 01 [1080p].mkv", "[Group] Frieren - 02 [1080p].mkv",
                             "[Group] Frieren - 02 [1080p].ass"}) {
        QFile file(m_folder.filePath(QString::fromUtf8(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const QString own = m_folder.filePath(QStringLiteral("[Group] Frieren - 01 [1080p].mkv"));
    m_memberPanel->setOwnMediaProvider([own] { return own; });
}

void TestQueuePanel::cleanupTestCase()
{
    m_memberPanel.reset();
    m_hostPanel.reset();
    m_member.reset();
    m_host.reset();
    m_server.reset();
}

void TestQueuePanel::memberReadsWhatTheHostQueues()
{
    // The host edits; the member only reads.
    QVERIFY(m_hostPanel->addButton()->isVisibleTo(m_hostPanel.get()));
    QVERIFY(m_hostPanel->nextButton()->isVisibleTo(m_hostPanel.get()));
    QVERIFY(m_hostPanel->autoAdvanceBox()->isEnabled());
    QVERIFY(!m_memberPanel->addButton()->isVisibleTo(m_memberPanel.get()));
    QVERIFY(!m_memberPanel->removeButton()->isVisibleTo(m_memberPanel.get()));
    QVERIFY(!m_memberPanel->nextButton()->isVisibleTo(m_memberPanel.get()));
    QVERIFY(!m_memberPanel->autoAdvanceBox()->isEnabled());

    addEntry(m_hostPanel.get(), 2, QStringLiteral("A hero's parting"), QString());
    addEntry(m_hostPanel.get(), 3, QStringLiteral("Killing magic"),
             QStringLiteral("https://example.com/ep3.mp4"));
    addEntry(m_hostPanel.get(), 4, QString(), QStringLiteral("https://example.com/ep4.mp4"));
    const QStringList expected {QStringLiteral("Episode 2: A hero's parting · own files"),
                                QStringLiteral("Episode 3: Killing magic"),
                                QStringLiteral("Episode 4")};
    QTRY_COMPARE_WITH_TIMEOUT(texts(m_memberPanel->list()), expected, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(texts(m_hostPanel->list()), expected, kTimeoutMs);
    // The next one to add follows the last queued.
    QCOMPARE(m_hostPanel->episodeBox()->value(), 5);
}

void TestQueuePanel::hostReordersAndRemoves()
{
    QListWidget *list = m_hostPanel->list();
    list->setCurrentRow(2);
    QVERIFY(m_hostPanel->upButton()->isEnabled());
    QVERIFY(!m_hostPanel->downButton()->isEnabled());
    m_hostPanel->upButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(m_memberPanel->list()),
        (QStringList {QStringLiteral("Episode 2: A hero's parting · own files"),
                      QStringLiteral("Episode 4"), QStringLiteral("Episode 3: Killing magic")}),
        kTimeoutMs);
    // The selection follows its entry.
    QTRY_COMPARE_WITH_TIMEOUT(list->currentRow(), 1, kTimeoutMs);
    m_hostPanel->removeButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(m_memberPanel->list()),
        (QStringList {QStringLiteral("Episode 2: A hero's parting · own files"),
                      QStringLiteral("Episode 3: Killing magic")}),
        kTimeoutMs);
    m_hostPanel->autoAdvanceBox()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_memberPanel->autoAdvanceBox()->isChecked(), kTimeoutMs);
}

void TestQueuePanel::nextEpisodeOffersTheNextOwnFile()
{
    QSignalSpy episodes(m_memberPanel.get(), &QueuePanel::episodeChanged);
    QSignalSpy chosen(m_memberPanel.get(), &QueuePanel::ownFileChosen);
    m_hostPanel->nextButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(episodes.size(), 1, kTimeoutMs);
    QCOMPARE(episodes.first().first().toLongLong(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(texts(m_memberPanel->list()),
                              QStringList {QStringLiteral("Episode 3: Killing magic")}, kTimeoutMs);
    // An own-files episode: the member is offered the next file of their folder.
    QVERIFY(m_memberPanel->ownFileLabel()->isVisibleTo(m_memberPanel.get()));
    QVERIFY2(m_memberPanel->ownFileLabel()->text().contains(
                 QStringLiteral("[Group] Frieren - 02 [1080p].mkv")),
             qPrintable(m_memberPanel->ownFileLabel()->text()));
    m_memberPanel->playOwnFileButton()->click();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().first().toString(),
             m_folder.filePath(QStringLiteral("[Group] Frieren - 02 [1080p].mkv")));
    QVERIFY(!m_memberPanel->ownFileLabel()->isVisibleTo(m_memberPanel.get()));
    // The host has no folder to offer from: asked to choose.
    QVERIFY(m_hostPanel->ownFileLabel()->text().contains(QStringLiteral("choose yours")));
    QVERIFY(!m_hostPanel->playOwnFileButton()->isVisibleTo(m_hostPanel.get()));
}

void TestQueuePanel::countdownShowsForEveryoneAndHostCancels()
{
    QVERIFY(m_hostPanel->autoAdvanceBox()->isChecked());
    addEntry(m_hostPanel.get(), 4, QStringLiteral("The land where souls rest"),
             QStringLiteral("https://example.com/ep4.mp4"));
    QTRY_COMPARE_WITH_TIMEOUT(m_memberPanel->list()->count(), 2, kTimeoutMs);
    // The host's player knows the episode's length; the room ends there.
    LocalStatus status;
    status.player = PlayerStatus::Ready;
    status.duration = 1.0;
    m_host->setLocalStatus(status);
    m_host->reportStatusNow();
    QTRY_COMPARE_WITH_TIMEOUT(m_host->roomState().duration, 1.0, kTimeoutMs);
    m_host->play(0.6);

    QTRY_VERIFY_WITH_TIMEOUT(m_memberPanel->countdownLabel()->isVisibleTo(m_memberPanel.get()),
                             kTimeoutMs);
    QVERIFY2(m_memberPanel->countdownLabel()->text().startsWith(QStringLiteral("Next episode in")),
             qPrintable(m_memberPanel->countdownLabel()->text()));
    QVERIFY(!m_memberPanel->cancelButton()->isVisibleTo(m_memberPanel.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_hostPanel->cancelButton()->isVisibleTo(m_hostPanel.get()),
                             kTimeoutMs);
    QVERIFY(m_hostPanel->countdownLabel()->text().contains(QStringLiteral(" s")));
    saveScreenshot(m_hostPanel.get(), QStringLiteral("episode-queue.png"));

    m_hostPanel->cancelButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_memberPanel->countdownLabel()->isVisibleTo(m_memberPanel.get()),
                             kTimeoutMs);
    QVERIFY(!m_hostPanel->cancelButton()->isVisibleTo(m_hostPanel.get()));
    QCOMPARE(m_memberPanel->list()->count(), 2);
}

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
