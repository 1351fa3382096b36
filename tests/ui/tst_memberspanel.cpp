#include "AvatarCache.h"
#include "AvatarPainter.h"
#include "CannedHttpServer.h"
#include "client/RoomClient.h"
#include "MemberDirectory.h"
#include "MembersPanel.h"
#include "SyncBadge.h"
#include "TestImages.h"
#include "TestServer.h"

#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace watchium;
using namespace watchium::app;
using watchium::test::CannedHttpServer;

namespace {

constexpr int kTimeoutMs = 15000;

// Above the centre, inside the circle, clear of a placeholder's initial.
QColor iconColour(const QListWidgetItem *item)
{
    const QImage image = item->icon().pixmap(QSize(32, 32)).toImage();
    return image.pixelColor(image.width() / 2, image.height() / 8);
}

} // namespace

// The members panel of a host whose room real clients join and leave, on a real server, with
// avatars from a real HTTP server: pictures or placeholders, online then offline, the crown.
class TestMembersPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void membersAppearWithAvatarsOrPlaceholders();
    void liveSyncBadgeWithOffset();
    void disconnectedMemberIsListedOffline();
    void memberGoneBeforeTheListHadThemStays();
    void hostKeepsTheCrown();

private:
    std::unique_ptr<RoomClient> join(const QString &userId, const QString &name,
                                     const QString &avatarUrl);
    QListWidgetItem *item(const QString &userId) const;
    QStringList order() const;
    // On the server's list; when `online` is given, with that online flag.
    bool listedByServer(const QString &userId, std::optional<bool> online = {}) const;

    std::unique_ptr<test::TestServer> m_server;
    CannedHttpServer m_http;
    std::unique_ptr<RoomClient> m_host;
    std::unique_ptr<AvatarCache> m_avatars;
    std::unique_ptr<MembersPanel> m_panel;
    std::unique_ptr<RoomClient> m_kenji;
    std::unique_ptr<RoomClient> m_mio;
    std::unique_ptr<RoomClient> m_sora;
};

void TestMembersPanel::initTestCase()
{
    auto config = test::TestServer::defaults();
    config.rateLimits = false; // four clients from one address in a second
    m_server = std::make_unique<test::TestServer>(config);
    QVERIFY(m_server->start());
    QVERIFY(m_http.listen());
    m_http.serve(QStringLiteral("/hana.png"), test::solidPng({120, 80}, Qt::magenta), "image/png");
    const QByteArray oversized = test::noisePng();
    QVERIFY(oversized.size() > AvatarCache::Options().maxBytes);
    m_http.serve(QStringLiteral("/mio.png"), oversized, "image/png");
    m_http.serve(QStringLiteral("/sora.png"), "<html>not a picture</html>", "text/html");

    RoomClient::Options options;
    options.serverUrl = QUrl(m_server->httpBase());
    m_host = std::make_unique<RoomClient>(options);
    CreateRoomRequest request;
    request.title = QStringLiteral("Members");
    request.animeId = QStringLiteral("aot");
    request.animeTitle = QStringLiteral("Attack on Titan");
    request.videoUrl = QStringLiteral("https://example.com/ep1.mp4");
    request.userId = QStringLiteral("host-hana");
    request.username = QStringLiteral("Hana");
    request.avatarUrl = m_http.url(QStringLiteral("/hana.png"));
    m_host->createRoom(request);
    QTRY_COMPARE_WITH_TIMEOUT(m_host->connectionState(), RoomClient::ConnectionState::Joined,
                              kTimeoutMs);
    m_avatars = std::make_unique<AvatarCache>();
    m_panel = std::make_unique<MembersPanel>(m_host.get(), m_avatars.get());
    m_panel->resize(320, 400);
    m_panel->show();
}

void TestMembersPanel::cleanupTestCase()
{
    m_panel.reset();
    m_avatars.reset();
    m_sora.reset();
    m_mio.reset();
    m_kenji.reset();
    m_host.reset();
    m_server.reset();
}

std::unique_ptr<RoomClient> TestMembersPanel::join(const QString &userId, const QString &name,
                                                   const QString &avatarUrl)
{
    RoomClient::Options options;
    options.serverUrl = QUrl(m_server->httpBase());
    options.presenceIntervalMs = 200; // the badge test waits for a changed status
    auto client = std::make_unique<RoomClient>(options);
    JoinRoomRequest request;
    request.roomId = m_host->session().roomId;
    request.userId = userId;
    request.username = name;
    request.avatarUrl = avatarUrl;
    client->joinRoom(request);
    return client;
}

QListWidgetItem *TestMembersPanel::item(const QString &userId) const
{
    QListWidget *list = m_panel->list();
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(MembersPanel::UserIdRole).toString() == userId)
            return list->item(i);
    }
    return nullptr;
}

QStringList TestMembersPanel::order() const
{
    QStringList ids;
    for (int i = 0; i < m_panel->list()->count(); ++i)
        ids.append(m_panel->list()->item(i)->data(MembersPanel::UserIdRole).toString());
    return ids;
}

// A members-get-list row, not one kept from presence until the list has it.
bool TestMembersPanel::listedByServer(const QString &userId, std::optional<bool> online) const
{
    const QList<QJsonObject> rows = m_panel->directory()->members();
    return std::any_of(rows.cbegin(), rows.cend(), [&](const QJsonObject &row) {
        return row.value(QLatin1String("user_id")).toString() == userId
            && row.contains(QLatin1String("joined_at"))
            && (!online || row.value(QLatin1String("is_online")).toBool() == *online);
    });
}

void TestMembersPanel::membersAppearWithAvatarsOrPlaceholders()
{
    m_kenji = join(QStringLiteral("kenji"), QStringLiteral("Kenji"), {});
    m_mio = join(QStringLiteral("mio"), QStringLiteral("Mio"), m_http.url("/mio.png"));
    m_sora = join(QStringLiteral("sora"), QStringLiteral("Sora"), m_http.url("/sora.png"));
    const QStringList everyone {"host-hana", "kenji", "mio", "sora"};
    QTRY_COMPARE_WITH_TIMEOUT(order(), everyone, kTimeoutMs);

    // The host's picture, from the HTTP server, cut to a circle.
    QTRY_VERIFY_WITH_TIMEOUT(item("host-hana")->data(MembersPanel::HasPhotoRole).toBool(),
                             kTimeoutMs);
    QCOMPARE(iconColour(item("host-hana")), QColor(Qt::magenta));
    QCOMPARE(m_http.hits(QStringLiteral("/hana.png")), 1);

    // Too large and not an image: refused, and their owners keep the placeholder.
    QTRY_COMPARE_WITH_TIMEOUT(m_avatars->status(m_http.url("/mio.png")),
                              AvatarCache::Status::Failed, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_avatars->status(m_http.url("/sora.png")),
                              AvatarCache::Status::Failed, kTimeoutMs);
    for (const QString &userId : QStringList {"kenji", "mio", "sora"}) {
        QListWidgetItem *member = item(userId);
        QVERIFY2(!member->data(MembersPanel::HasPhotoRole).toBool(), qPrintable(userId));
        QCOMPARE(iconColour(member), AvatarPainter::colourFor(userId));
        // Online by their presence, which reaches the panel up to a presence window after the
        // members list names them.
        QTRY_VERIFY_WITH_TIMEOUT(item(userId)->data(MembersPanel::IsOnlineRole).toBool(),
                                 kTimeoutMs);
        QVERIFY(item(userId)->flags().testFlag(Qt::ItemIsEnabled));
    }
}

void TestMembersPanel::liveSyncBadgeWithOffset()
{
    m_mio->setLocalStatus({0.0, false, -1234.0, false});
    QTRY_VERIFY_WITH_TIMEOUT(item("mio")->text().contains("Out of sync (-1234 ms)"), kTimeoutMs);
    QCOMPARE(item("mio")->data(MembersPanel::SyncLevelRole).toInt(),
             int(SyncBadge::Level::OutOfSync));
    m_mio->setLocalStatus({0.0, false, 20.0, false});
    QTRY_VERIFY_WITH_TIMEOUT(item("mio")->text().contains("In sync (+20 ms)"), kTimeoutMs);
    QCOMPARE(item("mio")->data(MembersPanel::SyncErrorRole).toDouble(), 20.0);
}

void TestMembersPanel::disconnectedMemberIsListedOffline()
{
    // Gone without leaving: still a member of the room, just not connected.
    m_kenji.reset();
    QTRY_VERIFY_WITH_TIMEOUT(
        item("kenji") && !item("kenji")->data(MembersPanel::IsOnlineRole).toBool(), kTimeoutMs);
    QListWidgetItem *kenji = item("kenji");
    QVERIFY2(kenji->text().contains("Kenji · offline"), qPrintable(kenji->text()));
    QVERIFY(!kenji->data(MembersPanel::SyncLevelRole).isValid());
    QVERIFY(!kenji->flags().testFlag(Qt::ItemIsEnabled)); // drawn greyed
    QCOMPARE(iconColour(kenji), AvatarPainter::colourFor("kenji"));
    QCOMPARE(order(), QStringList({"host-hana", "mio", "sora", "kenji"}));
    // Once a list from after the departure has come (the departure asks for one; it shows
    // them offline, where an older list could still show them online or not yet joined),
    // they are still on it, since they never left the room: they stay, offline.
    QTRY_VERIFY_WITH_TIMEOUT(listedByServer("mio") && listedByServer("sora")
                                 && listedByServer("kenji", false),
                             kTimeoutMs);
    QCOMPARE(order(), QStringList({"host-hana", "mio", "sora", "kenji"}));
    QVERIFY(!item("kenji")->data(MembersPanel::IsOnlineRole).toBool());
}

void TestMembersPanel::memberGoneBeforeTheListHadThemStays()
{
    // Joined and gone within the 2 s between two lists: kept from their presence, never
    // dropped from the panel, until a list has them.
    QSignalSpy removed(m_panel->list()->model(), &QAbstractItemModel::rowsRemoved);
    auto ren = join(QStringLiteral("ren"), QStringLiteral("Ren"), {});
    QTRY_VERIFY_WITH_TIMEOUT(item("ren") && item("ren")->data(MembersPanel::IsOnlineRole).toBool(),
                             kTimeoutMs);
    ren.reset();
    QTRY_VERIFY_WITH_TIMEOUT(
        !item("ren") || !item("ren")->data(MembersPanel::IsOnlineRole).toBool(), kTimeoutMs);
    QVERIFY(item("ren"));
    QTRY_VERIFY_WITH_TIMEOUT(listedByServer("ren"), kTimeoutMs);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(order(), QStringList({"host-hana", "mio", "sora", "kenji", "ren"}));
}

void TestMembersPanel::hostKeepsTheCrown()
{
    QListWidgetItem *host = item("host-hana");
    QCOMPARE(m_panel->list()->item(0), host);
    QVERIFY(host->data(MembersPanel::IsHostRole).toBool());
    QVERIFY2(host->text().startsWith(QStringLiteral("★ Hana (you) · host · online")),
             qPrintable(host->text()));
    for (const QString &userId : QStringList {"kenji", "mio", "sora"})
        QVERIFY(!item(userId)->data(MembersPanel::IsHostRole).toBool());
}

QTEST_MAIN(TestMembersPanel)
#include "tst_memberspanel.moc"
