// PresenceWriter on the test's PostgreSQL: rows submitted from this thread are written on the
// writer's own thread and connection, each member as last submitted; a row another transaction
// holds is written once it is free, and a row that is gone is given up, not retried forever.
#include "store/Database.h"
#include "store/MemberStore.h"
#include "store/PresenceWriter.h"
#include "store/Records.h"
#include "store/RoomStore.h"
#include "StoreRows.h"
#include "TestServer.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::server;

namespace {

constexpr int kMembers = 20;
constexpr QLatin1StringView kHolder("holder");

} // namespace

class TestPresenceWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writesTheNewestStateOfEach();
    void heldRowIsWrittenOnceFree();
    void goneRowIsGivenUp();
    void aHeldStateNeverOvertakesANewerOne();
    void aRejoinedMembersRowIsNotTheOld();

private:
    double storedPosition(int index);
    // Locks member `index`'s row in an open transaction of another connection, as another
    // node's batch would; unlockRow() commits it and closes that connection.
    bool lockRow(int index);
    bool unlockRow();

    QString m_url;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MemberStore> m_members;
    QList<MemberRecord> m_rows;
    std::unique_ptr<PresenceWriter> m_writer;
};

void TestPresenceWriter::init()
{
    m_url = test::TestServer::freshDatabaseUrl();
    if (m_url.isEmpty())
        QSKIP("needs the PostgreSQL fixture (label postgres)");
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir.path(), m_url, &error), qPrintable(error));
    RoomStore rooms(m_db.get());
    m_members = std::make_unique<MemberStore>(m_db.get());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const RoomRecord room = test::storeRoom(QStringLiteral("PWRITER001"), now);
    QVERIFY(rooms.insert(room));
    m_rows.clear();
    for (int i = 0; i < kMembers; ++i) {
        const auto stored = m_members->upsert(test::storeMember(room.roomId, i, now));
        QVERIFY(stored);
        m_rows.append(*stored);
    }
    m_writer = std::make_unique<PresenceWriter>(m_url);
    QVERIFY2(m_writer->start(&error), qPrintable(error));
}

void TestPresenceWriter::cleanup()
{
    if (QSqlDatabase::contains(kHolder))
        unlockRow();
    m_writer.reset();
    m_members.reset();
    m_db.reset();
}

double TestPresenceWriter::storedPosition(int index)
{
    const auto m = m_members->find(m_rows.at(index).roomId, m_rows.at(index).userId);
    return m ? m->position : -1;
}

bool TestPresenceWriter::lockRow(int index)
{
    QSqlDatabase holder = QSqlDatabase::cloneDatabase(m_db->connection(), kHolder);
    if (!holder.open() || !holder.transaction()) {
        qWarning("the holding connection: %s", qPrintable(holder.lastError().text()));
        return false;
    }
    QSqlQuery lock(holder);
    return lock.exec(QStringLiteral("SELECT id FROM room_members WHERE id = %1 FOR UPDATE")
                         .arg(m_rows.at(index).id));
}

bool TestPresenceWriter::unlockRow()
{
    bool committed = false;
    {
        QSqlDatabase holder = QSqlDatabase::database(kHolder, false);
        committed = holder.commit();
        holder.close();
    }
    QSqlDatabase::removeDatabase(kHolder);
    return committed;
}

void TestPresenceWriter::writesTheNewestStateOfEach()
{
    for (int round = 1; round <= 5; ++round) {
        for (MemberRecord &m : m_rows) {
            m.position = round * 10;
            m.isOnline = true;
        }
        m_writer->submit(m_rows);
    }
    m_writer->drain();
    for (int i = 0; i < kMembers; ++i)
        QCOMPARE(storedPosition(i), 50.0);
    // Later rounds replace earlier ones not yet taken, so at most every round is written.
    QVERIFY(m_writer->rowsWritten() >= kMembers && m_writer->rowsWritten() <= 5 * kMembers);
    QCOMPARE(m_writer->rowsDropped(), 0);
}

void TestPresenceWriter::heldRowIsWrittenOnceFree()
{
    // Another node's transaction holds member 3's row.
    QVERIFY(lockRow(3));
    for (MemberRecord &m : m_rows)
        m.position = 7;
    m_writer->submit(m_rows);
    m_writer->drain();
    // Everyone else is written without waiting for the holder; member 3 waits its turn.
    QCOMPARE(storedPosition(2), 7.0);
    QCOMPARE(storedPosition(4), 7.0);
    QCOMPARE(storedPosition(3), 0.0);
    QTRY_VERIFY_WITH_TIMEOUT(m_writer->rowsRetried() >= 1, 5'000);
    QVERIFY(unlockRow());
    QTRY_COMPARE_WITH_TIMEOUT(storedPosition(3), 7.0, 5'000);
    QCOMPARE(m_writer->rowsDropped(), 0);
}

void TestPresenceWriter::goneRowIsGivenUp()
{
    QVERIFY(m_members->remove(m_rows.at(5).roomId, m_rows.at(5).userId));
    m_rows[6].position = 3;
    m_writer->submit({m_rows.at(5), m_rows.at(6)});
    QTRY_COMPARE_WITH_TIMEOUT(m_writer->rowsDropped(), 1, 10'000);
    QCOMPARE(storedPosition(6), 3.0);
    QCOMPARE(storedPosition(5), -1.0);
}

void TestPresenceWriter::aHeldStateNeverOvertakesANewerOne()
{
    // Member 3 reports (online, at 11) while another transaction holds its row, then leaves
    // (offline, at 12): its last state is the one the row must keep, though the first one was
    // held for a retry when the second came.
    QVERIFY(lockRow(3));
    MemberRecord m = m_rows.at(3);
    m.isOnline = true;
    m.position = 11;
    m_writer->submit({m});
    QTRY_VERIFY_WITH_TIMEOUT(m_writer->rowsRetried() >= 1, 5'000);
    m.isOnline = false;
    m.position = 12;
    m_writer->submit({m});
    m_writer->drain();
    QVERIFY(unlockRow());
    QTRY_COMPARE_WITH_TIMEOUT(storedPosition(3), 12.0, 5'000);
    // Every retry of the older state has had its chance by now: none may have come after.
    const qint64 written = m_writer->rowsWritten();
    QTRY_VERIFY_WITH_TIMEOUT(m_writer->rowsWritten() == written, 5'000);
    m_writer->drain();
    QCOMPARE(storedPosition(3), 12.0);
    const auto stored = m_members->find(m_rows.at(3).roomId, m_rows.at(3).userId);
    QVERIFY(stored && !stored->isOnline);
    QCOMPARE(m_writer->rowsWritten(), 1);
}

void TestPresenceWriter::aRejoinedMembersRowIsNotTheOld()
{
    // Member 5 left and joined again (a new row): a state of the old membership, written late,
    // must not land on the new row.
    const MemberRecord old = m_rows.at(5);
    QVERIFY(m_members->remove(old.roomId, old.userId));
    const auto rejoined = m_members->upsert(test::storeMember(old.roomId, 5, old.joinedAt));
    QVERIFY(rejoined && rejoined->id != old.id);
    MemberRecord late = old;
    late.position = 99;
    m_writer->submit({late});
    QTRY_COMPARE_WITH_TIMEOUT(m_writer->rowsDropped(), 1, 10'000);
    QCOMPARE(storedPosition(5), 0.0);
}

QTEST_GUILESS_MAIN(TestPresenceWriter)
#include "tst_presence_writer.moc"
