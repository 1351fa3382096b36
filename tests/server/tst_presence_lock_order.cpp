// Two nodes flushing presence batches over the same members at once, on the test's PostgreSQL.
// Two batches that each wait for the rows the other holds deadlock (PostgreSQL aborts one after
// its deadlock_timeout, and that batch is lost): the store's statement waits for no row lock,
// hands back the rows another batch held, and the flusher writes those again, as PresenceWriter
// does. No batch fails and the last one is what every row holds.
#include "store/Database.h"
#include "store/MemberStore.h"
#include "store/Records.h"
#include "store/RoomStore.h"
#include "StoreRows.h"
#include "TestServer.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace watchium;
using namespace watchium::server;

namespace {

constexpr int kMembers = 40;
constexpr int kBatches = 60;
// A skipped row is held by the other flusher's statement for a moment: far fewer rounds do.
constexpr int kRounds = 10'000;
constexpr qint64 kHeartbeatBase = 1'800'000'000'000;

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
    QAtomicInt retried;
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
        // The plan a large table gets: the batch's rows first, each row found by its index, so
        // an UPDATE's join alone would lock in the batch's order. A 40-row table would otherwise
        // be scanned whole, in the same order for both, and hide a missing lock order.
        QSqlQuery plan(db.connection());
        for (const char *off : {"enable_hashjoin", "enable_mergejoin", "enable_seqscan"}) {
            if (!plan.exec(QStringLiteral("SET %1 = off").arg(QLatin1String(off)))) {
                openError = plan.lastError().text();
                failed = kBatches;
                return;
            }
        }
        MemberStore store(&db);
        for (int i = 0; i < kBatches; ++i) {
            for (MemberRecord &m : m_members) {
                m.position = i;
                m.isPlaying = i % 2 == 1;
                m.isSynced = i % 2 == 0;
                m.syncOffsetMs = i * 1.5;
                m.lastHeartbeat = kHeartbeatBase + i;
            }
            QList<MemberRecord> rows = m_members;
            for (int round = 0; !rows.isEmpty(); ++round) {
                QList<MemberRecord> skipped;
                if (!store.updatePresence(rows, &skipped) || round == kRounds) {
                    failed.fetchAndAddRelaxed(1);
                    break;
                }
                retried.fetchAndAddRelaxed(int(skipped.size()));
                rows = skipped;
            }
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
    void overlappingBatchesNeitherDeadlockNorLoseRows();
};

void TestPresenceLockOrder::overlappingBatchesNeitherDeadlockNorLoseRows()
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
    qInfo("rows skipped and written again: %d", a.retried.loadRelaxed() + b.retried.loadRelaxed());
    const auto written = members.find(room.roomId, test::storeMemberId(kMembers - 1));
    QVERIFY(written);
    // Every field of the last batch, as the batch is sent in one parameter.
    QCOMPARE(written->position, double(kBatches - 1));
    QCOMPARE(written->isPlaying, (kBatches - 1) % 2 == 1);
    QCOMPARE(written->isSynced, (kBatches - 1) % 2 == 0);
    QCOMPARE(written->syncOffsetMs, (kBatches - 1) * 1.5);
    QCOMPARE(written->lastHeartbeat, kHeartbeatBase + kBatches - 1);
    QVERIFY(written->isOnline);
}

QTEST_GUILESS_MAIN(TestPresenceLockOrder)
#include "tst_presence_lock_order.moc"
