#include "store/Database.h"

#include "Logging.h"
#include "store/Migrations.h"
#include "store/WalCheckpointer.h"
#include "store/WorkObserver.h"

#include <QAtomicInt>
#include <QDir>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace watchium::server {

namespace {

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("watchium-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

bool runQuery(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    qCWarning(lcStore) << what << "failed:" << query.lastError().text();
    return false;
}

Database::Database() = default;

Database::~Database()
{
    close();
}

bool Database::open(const QString &dataDir, const QString &databaseUrl, QString *error)
{
    m_connectionName = nextConnectionName();
    QSqlDatabase db;
    if (databaseUrl.isEmpty()) {
        QString dir = dataDir;
        if (dir.isEmpty())
            dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!QDir().mkpath(dir)) {
            *error = QStringLiteral("cannot create data directory %1").arg(dir);
            return false;
        }
        m_dialect = SqlDialect::Sqlite;
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        const QString file = QDir(dir).filePath(QStringLiteral("watchium.sqlite3"));
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        m_description = QStringLiteral("sqlite:%1").arg(file);
    } else {
        const QUrl url(databaseUrl);
        const QString scheme = url.scheme();
        if (!url.isValid()
            || (scheme != QLatin1String("postgres") && scheme != QLatin1String("postgresql"))) {
            *error = QStringLiteral("--database must be a postgres://user:pass@host:port/db URL");
            return false;
        }
        m_dialect = SqlDialect::Postgres;
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        QStringList options;
        const auto items = QUrlQuery(url).queryItems();
        for (const auto &[key, value] : items)
            options << key + QLatin1Char('=') + value;
        db.setConnectOptions(options.join(QLatin1Char(';')));
        m_description = QStringLiteral("postgres://%1@%2:%3/%4")
                            .arg(url.userName(), url.host())
                            .arg(url.port(5432))
                            .arg(url.path().mid(1));
    }
    if (!db.isValid()) {
        *error = QStringLiteral("the Qt SQL driver for %1 is not installed").arg(db.driverName());
        return false;
    }
    if (!db.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_description, db.lastError().text());
        return false;
    }
    if (m_dialect == SqlDialect::Sqlite) {
        // WAL lets readers run beside the writer; NORMAL sync is durable across
        // application crashes, which is what a watch-party store needs.
        if (!exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), error)
            || !exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"), error)
            || !exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), error))
            return false;
        auto checkpointer = std::make_unique<WalCheckpointer>(db.databaseName(), 1000);
        QString why;
        if (checkpointer->start(&why)) {
            m_checkpointer = std::move(checkpointer);
            if (!exec(db, QStringLiteral("PRAGMA wal_autocheckpoint=0"), error))
                return false;
        } else {
            qCWarning(lcStore) << "checkpointing the WAL on commit instead of a thread:" << why;
        }
    } else {
        // A commit returns before PostgreSQL flushes its log, as SQLite's WAL commits do here:
        // a crash of the database machine may lose the last fraction of a second; the serving
        // thread never waits for a disk.
        if (!exec(db, QStringLiteral("SET synchronous_commit = off"), error))
            return false;
    }
    if (!Migrations::apply(db, m_dialect, error))
        return false;
    qCInfo(lcStore) << "store ready:" << m_description;
    return true;
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    // Its queries must not outlive the connection, and an unfinished one
    // would hold back the checkpoint below.
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            m_checkpointer.reset();
            if (m_dialect == SqlDialect::Sqlite) {
                QSqlQuery q(db);
                q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Statement Database::statement(const QString &sql)
{
    reopenIfLost();
    return m_statements.acquire(m_connectionName, sql);
}

void Database::reopenIfLost()
{
    // An SQLite file does not go away under us.
    if (m_dialect != SqlDialect::Postgres || m_workDepth > 0 || m_statements.borrowed())
        return;
    QSqlDatabase db = connection();
    if (!db.isValid() || (db.isOpen() && db.driver()->isOpen()))
        return;
    constexpr qint64 kReopenEveryMs = 1000;
    if (m_reopenClock.isValid() && m_reopenClock.elapsed() < kReopenEveryMs)
        return;
    m_reopenClock.start();
    qCWarning(lcStore).noquote() << "the connection to" << m_description
                                 << "is lost:" << db.lastError().text() << "- opening it again";
    // Prepared on the old connection: gone with it (each says in the log that it could not free
    // its statement there, which is so).
    m_statements.clear();
    db.close();
    QString error;
    if (!db.open()) {
        qCWarning(lcStore).noquote()
            << "cannot open" << m_description << "again:" << db.lastError().text();
        return;
    }
    if (!exec(db, QStringLiteral("SET synchronous_commit = off"), &error))
        qCWarning(lcStore).noquote() << error;
    ++m_reopens;
    qCInfo(lcStore).noquote() << "the connection to" << m_description << "is back";
}

bool Database::beginWork()
{
    if (m_workDepth > 0) {
        ++m_workDepth;
        return true;
    }
    if (m_workObserver)
        m_workObserver->workBeginning();
    reopenIfLost();
    QSqlDatabase db = connection();
    if (!db.transaction()) {
        qCWarning(lcStore) << "cannot begin a transaction:" << db.lastError().text();
        return false;
    }
    m_workDepth = 1;
    m_workFailed = false;
    return true;
}

bool Database::endWork(bool commit)
{
    if (m_workDepth <= 0)
        return false;
    if (!commit)
        m_workFailed = true;
    if (--m_workDepth > 0)
        return commit;
    QSqlDatabase db = connection();
    if (!m_workFailed && m_workObserver && !m_workObserver->workCommitting())
        m_workFailed = true;
    if (!m_workFailed) {
        if (db.commit())
            return true;
        qCWarning(lcStore) << "commit failed:" << db.lastError().text();
    }
    db.rollback();
    if (m_workObserver)
        m_workObserver->workRolledBack();
    return false;
}

bool Database::isReachable()
{
    reopenIfLost();
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

} // namespace watchium::server
