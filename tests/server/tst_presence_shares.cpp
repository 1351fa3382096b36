// Presence rows are written a share per event-loop turn (LiveRooms::queuePresence and
// writeQueuedPresence) on a real SQLite store: every dirty member is written once, each as it is
// when its share is written, and a member gone meanwhile is skipped.
#include "rooms/LiveRooms.h"
#include "store/Database.h"
#include "store/MemberStore.h"
#include "store/RoomStore.h"
#include "StoreRows.h"

#include <QTemporaryDir>
#include <QTest>

using namespace watchium;
using namespace watchium::server;

class TestPresenceShares : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sharesWriteEveryDirtyMember_data();
    void sharesWriteEveryDirtyMember();
    void aShareWritesTheMemberAsItIsNow();

private:
    // A room of `members` members, loaded into m_live.
    LiveRoom *roomOf(int members);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RoomStore> m_rooms;
    std::unique_ptr<MemberStore> m_members;
    std::unique_ptr<LiveRooms> m_live;
};

void TestPresenceShares::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), {}, &error), qPrintable(error));
    m_rooms = std::make_unique<RoomStore>(m_db.get());
    m_members = std::make_unique<MemberStore>(m_db.get());
    m_live = std::make_unique<LiveRooms>(m_rooms.get(), m_members.get());
}

void TestPresenceShares::cleanup()
{
    m_live.reset();
    m_members.reset();
    m_rooms.reset();
    m_db.reset();
    m_dir.reset();
}

LiveRoom *TestPresenceShares::roomOf(int members)
{
    const RoomRecord room = test::storeRoom(QStringLiteral("SHARES0001"), 1);
    if (!m_rooms->insert(room))
        return nullptr;
    for (int i = 0; i < members; ++i) {
        if (!m_members->upsert(test::storeMember(room.roomId, i, 1)))
            return nullptr;
    }
    return m_live->get(room.roomId);
}

void TestPresenceShares::sharesWriteEveryDirtyMember_data()
{
    QTest::addColumn<int>("members");
    QTest::addColumn<int>("share");
    QTest::addColumn<QList<int>>("stillQueued"); // after each writeQueuedPresence()
    QTest::newRow("none dirty") << 0 << 256 << QList<int> {0};
    QTest::newRow("one share") << 100 << 256 << QList<int> {0};
    QTest::newRow("exactly two") << 512 << 256 << QList<int> {256, 0};
    QTest::newRow("three shares") << 600 << 256 << QList<int> {344, 88, 0};
    QTest::newRow("a row a share") << 3 << 1 << QList<int> {2, 1, 0};
}

void TestPresenceShares::sharesWriteEveryDirtyMember()
{
    QFETCH(int, members);
    QFETCH(int, share);
    QFETCH(QList<int>, stillQueued);
    LiveRoom *room = roomOf(members);
    QVERIFY(room);
    for (auto it = room->members.begin(); it != room->members.end(); ++it) {
        it->position = 42.5;
        it->isOnline = true;
        room->dirty.insert(it.key());
    }
    m_live->queuePresence();
    QVERIFY(room->dirty.isEmpty());
    QList<int> queued;
    do
        queued.append(m_live->writeQueuedPresence(share));
    while (queued.last() > 0 && queued.size() < 100);
    QCOMPARE(queued, stillQueued);
    const QList<MemberRecord> stored = m_members->list(room->room.roomId);
    QCOMPARE(stored.size(), members);
    for (const MemberRecord &m : stored) {
        QCOMPARE(m.position, 42.5);
        QVERIFY(m.isOnline);
    }
}

void TestPresenceShares::aShareWritesTheMemberAsItIsNow()
{
    LiveRoom *room = roomOf(3);
    QVERIFY(room);
    for (auto it = room->members.begin(); it != room->members.end(); ++it) {
        it->position = 10;
        room->dirty.insert(it.key());
    }
    m_live->queuePresence();
    // Between the tick and the share: one member reports again, one leaves the room.
    room->member(test::storeMemberId(1))->position = 20;
    room->members.remove(test::storeMemberId(2));
    QCOMPARE(m_live->writeQueuedPresence(256), 0);
    QCOMPARE(m_members->find(room->room.roomId, test::storeMemberId(0))->position, 10.0);
    QCOMPARE(m_members->find(room->room.roomId, test::storeMemberId(1))->position, 20.0);
    QCOMPARE(m_members->find(room->room.roomId, test::storeMemberId(2))->position, 0.0);
    // A second tick with nothing dirty writes nothing.
    m_live->queuePresence();
    QCOMPARE(m_live->writeQueuedPresence(256), 0);
}

QTEST_GUILESS_MAIN(TestPresenceShares)
#include "tst_presence_shares.moc"
