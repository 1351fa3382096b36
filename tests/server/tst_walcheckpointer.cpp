// SQLite's WAL is checkpointed by a thread of its own, never inside a commit of the serving
// thread: a real database file in a temp dir.
#include "store/Database.h"
#include "store/WalCheckpointer.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace watchium::server;

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commitsNeverCheckpoint();
    void theThreadCopiesTheLogBack();
    void closeLeavesNoLog();
};

namespace {

void writeRows(Database &db, int rows)
{
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, "
                                  "body TEXT)")));
    for (int i = 0; i < rows; ++i) {
        q.prepare(QStringLiteral("INSERT INTO filler (body) VALUES (?)"));
        q.addBindValue(QString(2000, QLatin1Char('x')));
        QVERIFY(q.exec()); // one commit each, like the server's writes
    }
}

} // namespace

void TestWalCheckpointer::commitsNeverCheckpoint()
{
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY2(db.open(dir.path(), {}, &error), qPrintable(error));
    QVERIFY(db.checkpointer());
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestWalCheckpointer::theThreadCopiesTheLogBack()
{
    QTemporaryDir dir;
    Database db;
    QString error;
    QVERIFY2(db.open(dir.path(), {}, &error), qPrintable(error));
    const qint64 before = db.checkpointer()->framesCopied();
    writeRows(db, 500);
    // 500 commits of ~2 KB: far past SQLite's own 1000-page threshold, which no longer applies;
    // the thread copies the frames within its next rounds.
    QTRY_VERIFY_WITH_TIMEOUT(db.checkpointer()->framesCopied() > before, 10'000);
    QVERIFY(db.checkpointer()->checkpoints() > 0);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM filler")) && q.next());
    QCOMPARE(q.value(0).toInt(), 500);
}

void TestWalCheckpointer::closeLeavesNoLog()
{
    QTemporaryDir dir;
    {
        Database db;
        QString error;
        QVERIFY2(db.open(dir.path(), {}, &error), qPrintable(error));
        writeRows(db, 50);
        db.close();
    }
    const QFileInfo wal(dir.filePath(QStringLiteral("watchium.sqlite3-wal")));
    QVERIFY(!wal.exists() || wal.size() == 0);
    Database reopened;
    QString error;
    QVERIFY2(reopened.open(dir.path(), {}, &error), qPrintable(error));
    QSqlQuery q(reopened.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM filler")) && q.next());
    QCOMPARE(q.value(0).toInt(), 50);
}

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "tst_walcheckpointer.moc"
