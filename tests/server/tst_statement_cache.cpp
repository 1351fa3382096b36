#include "store/Database.h"
#include "TestServer.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium::server;
using watchium::test::TestServer;

namespace {

const QString kInsert = QStringLiteral("INSERT INTO probe (k, v) VALUES (?, ?)");
const QString kSelect = QStringLiteral("SELECT v FROM probe WHERE k = ?");
const QString kFrom = QStringLiteral("SELECT k FROM probe WHERE k >= ? ORDER BY k");

const QSqlQuery *identity(Statement &statement)
{
    return &static_cast<QSqlQuery &>(statement);
}

} // namespace

// The store's cache of prepared statements, on a real SQLite file (and on the
// test PostgreSQL cluster when WATCHIUM_TEST_PG_URL_FILE names it).
class TestStatementCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void sameSqlSameQuery();
    void rebindsOnEachUse_data();
    void rebindsOnEachUse();
    void bindingWithoutExecDoesNotCarryOver();
    void failedExecLeavesQueryUsable();
    void transactions_data();
    void transactions();
    void nestedUseGetsItsOwnQuery();
    void unfinishedSelectReleasesSnapshot_data();
    void unfinishedSelectReleasesSnapshot();
    void closeEmptiesCache();

private:
    bool insert(qint64 key, const QVariant &value);
    QVariant select(qint64 key);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestStatementCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), TestServer::freshDatabaseUrl(), &error), qPrintable(error));
    QSqlQuery create(m_db->connection());
    QVERIFY2(create.exec(QStringLiteral("CREATE TABLE probe (k BIGINT PRIMARY KEY, v TEXT)")),
             qPrintable(create.lastError().text()));
}

void TestStatementCache::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

bool TestStatementCache::insert(qint64 key, const QVariant &value)
{
    Statement q = m_db->statement(kInsert);
    q.bind({key, value});
    return runQuery(q, "probe insert");
}

QVariant TestStatementCache::select(qint64 key)
{
    Statement q = m_db->statement(kSelect);
    q.bind({key});
    if (!runQuery(q, "probe select") || !q->next())
        return QStringLiteral("<no row>");
    return q->value(0);
}

void TestStatementCache::sameSqlSameQuery()
{
    const QSqlQuery *first = nullptr;
    {
        Statement q = m_db->statement(kSelect);
        first = identity(q);
    }
    {
        Statement q = m_db->statement(kSelect);
        QCOMPARE(identity(q), first);
    }
    {
        Statement q = m_db->statement(kInsert);
        QVERIFY(identity(q) != first);
    }
    QCOMPARE(m_db->statements().size(), 2);
    QCOMPARE(m_db->statements().prepareCount(), 2);
}

void TestStatementCache::rebindsOnEachUse_data()
{
    QTest::addColumn<QVariantList>("values");
    QTest::newRow("texts") << QVariantList {QStringLiteral("a"), QStringLiteral("bb"),
                                            QStringLiteral("ccc")};
    QTest::newRow("null-between") << QVariantList {QStringLiteral("x"), QVariant(),
                                                   QStringLiteral("y")};
    QTest::newRow("repeated") << QVariantList {QStringLiteral("same"), QStringLiteral("same")};
}

void TestStatementCache::rebindsOnEachUse()
{
    QFETCH(QVariantList, values);
    for (qsizetype i = 0; i < values.size(); ++i)
        QVERIFY(insert(i, values.at(i)));
    for (qsizetype i = values.size() - 1; i >= 0; --i) {
        const QVariant stored = select(i);
        QCOMPARE(stored.isNull(), values.at(i).isNull());
        if (!stored.isNull())
            QCOMPARE(stored.toString(), values.at(i).toString());
    }
    QCOMPARE(select(values.size()).toString(), QStringLiteral("<no row>"));
    QCOMPARE(m_db->statements().prepareCount(), 2);
}

void TestStatementCache::bindingWithoutExecDoesNotCarryOver()
{
    QVERIFY(insert(1, QStringLiteral("one")));
    QVERIFY(insert(2, QStringLiteral("two")));
    {
        // A use that bails out between binding and exec().
        Statement q = m_db->statement(kSelect);
        q.bind({1});
    }
    QCOMPARE(select(2).toString(), QStringLiteral("two"));
}

void TestStatementCache::failedExecLeavesQueryUsable()
{
    QVERIFY(insert(1, QStringLiteral("first")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("probe insert failed")));
    QVERIFY(!insert(1, QStringLiteral("duplicate")));
    QVERIFY(insert(2, QStringLiteral("second")));
    QCOMPARE(select(2).toString(), QStringLiteral("second"));
    QCOMPARE(m_db->statements().prepareCount(), 2);
}

void TestStatementCache::transactions_data()
{
    QTest::addColumn<bool>("commit");
    QTest::newRow("commit") << true;
    QTest::newRow("rollback") << false;
}

void TestStatementCache::transactions()
{
    QFETCH(bool, commit);
    QSqlDatabase db = m_db->connection();
    // The statements are first prepared inside the transaction: on
    // PostgreSQL they must outlive its end either way.
    QVERIFY(db.transaction());
    QVERIFY(insert(1, QStringLiteral("inside")));
    QCOMPARE(select(1).toString(), QStringLiteral("inside"));
    QVERIFY(commit ? db.commit() : db.rollback());
    QCOMPARE(select(1).toString(), commit ? QStringLiteral("inside") : QStringLiteral("<no row>"));
    QVERIFY(insert(2, QStringLiteral("after")));
    QCOMPARE(select(2).toString(), QStringLiteral("after"));
    QCOMPARE(m_db->statements().prepareCount(), 2);
}

void TestStatementCache::nestedUseGetsItsOwnQuery()
{
    for (qint64 k = 1; k <= 3; ++k)
        QVERIFY(insert(k, QString::number(k)));
    Statement outer = m_db->statement(kFrom);
    outer.bind({1});
    QVERIFY(runQuery(outer, "outer"));
    QList<qint64> seen;
    while (outer->next()) {
        const qint64 k = outer->value(0).toLongLong();
        seen << k;
        Statement inner = m_db->statement(kFrom);
        QVERIFY(identity(inner) != identity(outer));
        inner.bind({k});
        QVERIFY(runQuery(inner, "inner"));
        QVERIFY(inner->next());
        QCOMPARE(inner->value(0).toLongLong(), k);
    }
    QCOMPARE(seen, (QList<qint64> {1, 2, 3}));
    QCOMPARE(m_db->statements().size(), 2);
}

void TestStatementCache::unfinishedSelectReleasesSnapshot_data()
{
    QTest::addColumn<bool>("throughStatement");
    QTest::addColumn<int>("checkpointBusy");
    QTest::newRow("statement") << true << 0;
    // The control: the same SELECT on a plain query still holding its row.
    QTest::newRow("held-query") << false << 1;
}

void TestStatementCache::unfinishedSelectReleasesSnapshot()
{
    QFETCH(bool, throughStatement);
    QFETCH(int, checkpointBusy);
    if (m_db->dialect() != SqlDialect::Sqlite)
        QSKIP("WAL snapshots are SQLite's");
    for (qint64 k = 1; k <= 3; ++k)
        QVERIFY(insert(k, QString::number(k)));

    QSqlQuery held(m_db->connection());
    if (throughStatement) {
        Statement q = m_db->statement(kFrom);
        q.bind({1});
        QVERIFY(runQuery(q, "read one row"));
        QVERIFY(q->next());
    } else {
        QVERIFY(held.prepare(kFrom));
        held.bindValue(0, 1);
        QVERIFY(runQuery(held, "read one row"));
        QVERIFY(held.next());
    }

    const QString name = QStringLiteral("tst-statement-cache-writer");
    {
        QSqlDatabase writer = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        writer.setDatabaseName(m_dir->filePath(QStringLiteral("watchium.sqlite3")));
        // Report a blocked checkpoint at once rather than after the default 5 s.
        writer.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
        QVERIFY(writer.open());
        QSqlQuery q(writer);
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO probe (k, v) VALUES (4, 'four')")),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) && q.next());
        QCOMPARE(q.value(0).toInt(), checkpointBusy);
    }
    QSqlDatabase::removeDatabase(name);

    if (throughStatement) {
        Statement again = m_db->statement(kFrom);
        QVERIFY(!again->isActive());
    }
}

void TestStatementCache::closeEmptiesCache()
{
    QVERIFY(insert(1, QStringLiteral("one")));
    {
        Statement q = m_db->statement(kFrom);
        q.bind({0});
        QVERIFY(runQuery(q, "read one row"));
        QVERIFY(q->next());
    }
    QCOMPARE(m_db->statements().size(), 2);
    m_db->close();
    QCOMPARE(m_db->statements().size(), 0);
}

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statement_cache.moc"
