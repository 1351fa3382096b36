// Two nodes flushing presence batches over the same members at once, on the test's PostgreSQL:
// each batch is one transaction that updates every member's row, and two of them that take the
// rows in different orders deadlock (PostgreSQL aborts one after its deadlock_timeout, and that
// batch is lost). The store takes them in (room, user) order whatever order it is given.
#include "store/Database.h"
#include "store/MemberStore.h"
#include "store/Records.h"
#include "store/RoomStore.h"
#include "StoreRows.h"
#include "TestServer.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace watchium;
using namespace watchium::server;

namespace {

constexpr int kMembers = 40;
constexpr int kBatches = 60;

// A node's presence flusher: its own connection, the same members in its own order.
class Flusher : public QThread
{
public:
    Flusher(QString url, QList<MemberRecord> members)
        : m_url(std::move(url))
        , m_members(std::move(members))
    {
    }

    QAtomicInt failed;
    QString openError;

protected:
    void run() override
    {
        QTemporaryDir dir;
        Database db;
        if (!db.open(dir.path(), m_url, &openError)) {
            failed = kBatches;
            return;
        }
        MemberStore store(&db);
        for (int i = 0; i < kBatches; ++i) {
            for (MemberRecord &m : m_members)
                m.position = i;
            if (!store.updatePresence(m_members))
                failed.fetchAndAddRelaxed(1);
        }
    }

private:
    QString m_url;
    QList<MemberRecord> m_members;
};

} // namespace

class TestPresenceLockOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void overlappingBatchesDoNotDeadlock();
};

void TestPresenceLockOrder::overlappingBatchesDoNotDeadlock()
{
    const QString url = test::TestServer::freshDatabaseUrl();
    if (url.isEmpty())
        QSKIP("needs the PostgreSQL fixture (label postgres)");
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY2(db.open(dir.path(), url, &error), qPrintable(error));
    RoomStore rooms(&db);
    MemberStore members(&db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const RoomRecord room = test::storeRoom(QStringLiteral("LOCKORDER1"), now);
    QVERIFY(rooms.insert(room));
    QList<MemberRecord> batch;
    for (int i = 0; i < kMembers; ++i) {
        MemberRecord m = test::storeMember(room.roomId, i, now);
        m.isOnline = true;
        const auto stored = members.upsert(m);
        QVERIFY(stored);
        batch.append(*stored);
    }
    QList<MemberRecord> reversed = batch;
    std::reverse(reversed.begin(), reversed.end());

    Flusher a(url, batch);
    Flusher b(url, reversed);
    a.start();
    b.start();
    QVERIFY(a.wait(QDeadlineTimer(120'000)));
    QVERIFY(b.wait(QDeadlineTimer(120'000)));
    QVERIFY2(a.openError.isEmpty() && b.openError.isEmpty(), qPrintable(a.openError + b.openError));
    // A deadlock costs a whole batch: every one must have been written.
    QCOMPARE(a.failed.loadRelaxed() + b.failed.loadRelaxed(), 0);
    const auto written = members.find(room.roomId, test::storeMemberId(kMembers - 1));
    QVERIFY(written);
    QCOMPARE(written->position, double(kBatches - 1));
}

QTEST_GUILESS_MAIN(TestPresenceLockOrder)
#include "tst_presence_lock_order.moc"
