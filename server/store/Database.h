#pragma once

#include "store/StatementCache.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace watchium::server {

class WalCheckpointer;
class WorkObserver;

enum class SqlDialect { Sqlite, Postgres };

// Opens the store (an SQLite file, or PostgreSQL from a postgres:// URL) on a
// named connection and brings its schema up to date.
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // `databaseUrl` empty: SQLite file `watchium.sqlite3` in `dataDir`.
    bool open(const QString &dataDir, const QString &databaseUrl, QString *error);
    void close();

    QSqlDatabase connection() const;
    // A prepared query for `sql` from the cache; see StatementCache for what
    // `sql` may be. Calls that build their SQL from a filter prepare their own.
    Statement statement(const QString &sql);
    const StatementCache &statements() const { return m_statements; }
    SqlDialect dialect() const { return m_dialect; }
    // Answers a query now (opening a lost connection again first).
    bool isReachable();
    // Times a lost PostgreSQL connection was opened again, since start (/metrics).
    qint64 reopens() const { return m_reopens; }
    QString description() const { return m_description; }
    // The nesting behind Transaction: begins at depth 0; ends at depth 1, committing only if
    // every scope inside asked to. False when the database refused.
    bool beginWork();
    bool endWork(bool commit);
    bool inWork() const { return m_workDepth > 0; }
    // One observer of the outermost transactions (null for none); not owned.
    void setWorkObserver(WorkObserver *observer) { m_workObserver = observer; }
    // SQLite only: the thread that checkpoints the WAL (null for PostgreSQL).
    const WalCheckpointer *checkpointer() const { return m_checkpointer.get(); }

private:
    // PostgreSQL: a connection the server ended (a restart, a terminated backend) stays dead
    // in libpq; it is opened again at the next call that needs it, at most once a second, and
    // only between calls (no statement borrowed, no transaction open).
    void reopenIfLost();

    QString m_connectionName;
    SqlDialect m_dialect = SqlDialect::Sqlite;
    QString m_description;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    StatementCache m_statements;
    WorkObserver *m_workObserver = nullptr;
    int m_workDepth = 0;
    bool m_workFailed = false;
    QElapsedTimer m_reopenClock;
    qint64 m_reopens = 0;
};

// Executes a prepared query, logging the driver's error with `what` on failure.
bool runQuery(QSqlQuery &query, const char *what);

} // namespace watchium::server
