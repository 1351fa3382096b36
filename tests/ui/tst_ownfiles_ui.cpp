#include "client/RoomClient.h"
#include "MainWindow.h"
#include "MembersPanel.h"
#include "MpvPlayer.h"
#include "OwnCopyBar.h"
#include "RoomView.h"
#include "StartPage.h"
#include "TestMediaFile.h"
#include "WindowTestKit.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::app;
using test::memberItem;
using test::saveScreenshot;

namespace {

constexpr int kTimeoutMs = 30000;
const QString kEpisode = QStringLiteral("Frieren - 01.wav");

MainWindow::Options windowOptions(const QString &dataDir)
{
    MainWindow::Options options;
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = dataDir;
    return options;
}

int mismatchOf(MainWindow *window, const QString &userId)
{
    QListWidgetItem *item = memberItem(window, userId);
    return item ? item->data(MembersPanel::MediaMismatchRole).toInt() : -1;
}

} // namespace

// Own copies in the desktop app: a room made from a file chosen on the start page, a member
// who plays their own copy of another length, and the warning both of them see.
class TestOwnFilesUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void droppedFileFillsTheForm();
    void startPageCreatesOwnFilesRoom();
    void memberWithOtherFileSeesWhy();

private:
    QTemporaryDir m_dir;
    QString m_hostFile;
    QString m_shortFile;
    std::unique_ptr<MainWindow> m_host;
    std::unique_ptr<MainWindow> m_member;
};

void TestOwnFilesUi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QDir root(m_dir.path());
    QVERIFY(root.mkdir(QStringLiteral("host")) && root.mkdir(QStringLiteral("member")));
    m_hostFile = root.filePath(QStringLiteral("host/") + kEpisode);
    m_shortFile = root.filePath(QStringLiteral("member/") + kEpisode);
    // An episode's length, and a copy 22 s shorter (another release, say): 11 MB each.
    QVERIFY(test::writeWav(m_hostFile, 1442.0));
    QVERIFY(test::writeWav(m_shortFile, 1420.0));
}

void TestOwnFilesUi::cleanupTestCase()
{
    m_member.reset();
    m_host.reset();
    QSettings().clear();
}

void TestOwnFilesUi::droppedFileFillsTheForm()
{
    StartPage page;
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_hostFile)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &drop);
    QCOMPARE(page.videoUrlEdit()->text(), QDir::toNativeSeparators(m_hostFile));
    QCOMPARE(page.titleEdit()->text(), QStringLiteral("Frieren - 01"));

    // A URL is not a file: refused, the form stays as it was.
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.com/ep.mp4"))});
    QDragEnterEvent webEnter(QPoint(10, 10), Qt::CopyAction, &web, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &webEnter);
    QVERIFY(!webEnter.isAccepted());
}

void TestOwnFilesUi::startPageCreatesOwnFilesRoom()
{
    m_host = std::make_unique<MainWindow>(windowOptions(m_dir.filePath(QStringLiteral("db"))));
    m_host->resize(1280, 720);
    m_host->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_host.get()));
    StartPage *page = m_host->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->setFileChooser([this](QWidget *) { return m_hostFile; });
    page->chooseVideoButton()->click();
    QCOMPARE(page->videoUrlEdit()->text(), QDir::toNativeSeparators(m_hostFile));
    QCOMPARE(page->titleEdit()->text(), QStringLiteral("Frieren - 01"));
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_host->roomView() != nullptr, kTimeoutMs);
    QVERIFY2(page->errorText().isEmpty(), qPrintable(page->errorText()));

    // No URL: the room carries the file's name, size and length, read from the file.
    const QJsonObject room = m_host->roomClient()->session().room;
    QCOMPARE(room.value(QLatin1String("video_url")).toString(), QString());
    QCOMPARE(room.value(QLatin1String("media_name")).toString(), kEpisode);
    QCOMPARE(room.value(QLatin1String("media_size")).toInteger(), QFileInfo(m_hostFile).size());
    QCOMPARE(room.value(QLatin1String("media_duration")).toDouble(), 1442.0);
    // The host plays the file itself, and the room remembers it on this computer.
    QTRY_COMPARE_WITH_TIMEOUT(m_host->roomView()->player()->duration(), 1442.0, kTimeoutMs);
    QCOMPARE(OwnCopyBar::rememberedCopy(m_host->roomClient()->session().roomId), m_hostFile);
    QVERIFY(m_host->roomView()->ownCopyBar()->roomVideoButton()->isHidden());
}

void TestOwnFilesUi::memberWithOtherFileSeesWhy()
{
    QVERIFY(m_host && m_host->roomView());
    QSettings().remove(QStringLiteral("profile/user_id")); // a second installation
    m_member = std::make_unique<MainWindow>(windowOptions(m_dir.filePath(QStringLiteral("db"))));
    m_member->resize(1280, 720);
    m_member->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_member.get()));
    m_member->startPage()->nameEdit()->setText(QStringLiteral("Kenji"));
    m_member->joinInvite(m_host->roomView()->inviteEdit()->text());
    QTRY_VERIFY_WITH_TIMEOUT(m_member->roomView() != nullptr, kTimeoutMs);
    RoomView *view = m_member->roomView();
    const QString memberId = m_member->roomClient()->userId();

    // Nothing to compare before the member plays a file.
    QTRY_VERIFY_WITH_TIMEOUT(memberItem(m_host.get(), memberId) != nullptr, kTimeoutMs);
    QCOMPARE(mismatchOf(m_host.get(), memberId), 0);

    view->ownCopyBar()->setFileChooser([this](QWidget *) { return m_shortFile; });
    view->ownCopyBar()->ownCopyButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(view->player()->duration(), 1420.0, kTimeoutMs);

    // The member sees why under the video...
    QLabel *notice = view->ownCopyBar()->mismatchNotice();
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), kTimeoutMs);
    QVERIFY2(notice->text().startsWith(QStringLiteral("Your file differs from the host's: ")),
             qPrintable(notice->text()));
    // The size is known at once, the length once the player has read it.
    QTRY_VERIFY2_WITH_TIMEOUT(notice->text().contains(QStringLiteral("23:40 long, the host's is "
                                                                     "24:02")),
                              qPrintable(notice->text()), kTimeoutMs);
    // ...and the host sees the warning on the member, with the reason in the tooltip.
    QTRY_VERIFY_WITH_TIMEOUT(mismatchOf(m_host.get(), memberId) > 0, kTimeoutMs);
    QListWidgetItem *item = memberItem(m_host.get(), memberId);
    QVERIFY2(item->text().contains(QStringLiteral("⚠ Different file")), qPrintable(item->text()));
    QVERIFY2(item->toolTip().contains(QStringLiteral("Plays a different file from the host's")),
             qPrintable(item->toolTip()));
    // The host itself is never "different".
    QCOMPARE(mismatchOf(m_host.get(), m_host->roomClient()->userId()), 0);
    // Chosen for this room, on this computer.
    QCOMPARE(OwnCopyBar::rememberedCopy(m_member->roomClient()->session().roomId), m_shortFile);
    QTRY_VERIFY_WITH_TIMEOUT(mismatchOf(m_member.get(), memberId) > 0, kTimeoutMs);
    saveScreenshot(m_member.get(), QStringLiteral("mismatch-warning.png"));

    // The same copy as the host's: the warning goes, for both.
    view->ownCopyBar()->setFileChooser([this](QWidget *) { return m_hostFile; });
    view->ownCopyBar()->ownCopyButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(mismatchOf(m_host.get(), memberId), 0, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(notice->isHidden(), kTimeoutMs);
}

QTEST_MAIN(TestOwnFilesUi)
#include "tst_ownfiles_ui.moc"
