#include "client/RoomClient.h"
#include "PublicRoomsPage.h"
#include "TestServer.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 15000;

} // namespace

// The public rooms list against a real server: only public rooms, filter, double-click joins.
class TestPublicRoomsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsFiltersAndJoins();

private:
    void createRoom(const QString &title, const QString &anime, bool isPublic);

    std::vector<std::unique_ptr<RoomClient>> m_hosts;
    test::TestServer m_server;
};

void TestPublicRoomsPage::createRoom(const QString &title, const QString &anime, bool isPublic)
{
    RoomClient::Options options;
    options.serverUrl = QUrl(m_server.httpBase());
    auto host = std::make_unique<RoomClient>(options);
    QSignalSpy entered(host.get(), &RoomClient::entered);
    CreateRoomRequest request;
    request.title = title;
    request.animeId = anime.toLower();
    request.animeTitle = anime;
    request.episodeNumber = 3;
    request.videoUrl = QStringLiteral("https://example.com/v.mp4");
    request.userId = QStringLiteral("host-%1").arg(m_hosts.size());
    request.username = QStringLiteral("Host");
    request.isPublic = isPublic;
    host->createRoom(request);
    QVERIFY(entered.wait(kTimeoutMs));
    m_hosts.push_back(std::move(host));
}

void TestPublicRoomsPage::listsFiltersAndJoins()
{
    QVERIFY(m_server.start());
    createRoom(QStringLiteral("Mecha night"), QStringLiteral("Gundam"), true);
    createRoom(QStringLiteral("Cozy"), QStringLiteral("Yuru Camp"), true);
    createRoom(QStringLiteral("Secret"), QStringLiteral("Hidden"), false);

    PublicRoomsPage page;
    page.resize(900, 500);
    page.show();
    page.setServerUrl(QUrl(m_server.httpBase()));
    page.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(page.table()->rowCount(), 2, kTimeoutMs);
    QVERIFY(page.table()->findItems(QStringLiteral("Secret"), Qt::MatchExactly).isEmpty());

    page.filterEdit()->setText(QStringLiteral("yuru"));
    int visible = 0;
    int cozyRow = -1;
    for (int row = 0; row < page.table()->rowCount(); ++row) {
        if (!page.table()->isRowHidden(row)) {
            ++visible;
            cozyRow = row;
        }
    }
    QCOMPARE(visible, 1);
    QCOMPARE(page.table()->item(cozyRow, PublicRoomsPage::TitleColumn)->text(),
             QStringLiteral("Cozy"));

    QSignalSpy join(&page, &PublicRoomsPage::joinRequested);
    Q_EMIT page.table()->cellDoubleClicked(cozyRow, 0);
    QCOMPARE(join.count(), 1);
    QCOMPARE(join.at(0).at(1).toString(), m_hosts.at(1)->session().roomId);
}

QTEST_MAIN(TestPublicRoomsPage)
#include "tst_publicroomspage.moc"
