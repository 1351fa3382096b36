#include "store/WalCheckpointer.h"

#include "Logging.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace watchium::server {

WalCheckpointer::WalCheckpointer(QString file, int intervalMs)
    : m_file(std::move(file))
    , m_intervalMs(intervalMs)
{
}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

bool WalCheckpointer::start(QString *error)
{
    return ConnectionThread::start(QStringLiteral("wal-checkpoint"), QThread::LowPriority, error);
}

void WalCheckpointer::run()
{
    const QString name = QStringLiteral("watchium-wal-%1").arg(quintptr(this));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_file);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        const bool ok = db.open();
        opened(ok, db.lastError().text());
        if (ok) {
            QMutexLocker lock(&m_mutex);
            while (!m_stopping) {
                m_wake.wait(&m_mutex, QDeadlineTimer(m_intervalMs));
                lock.unlock();
                checkpoint(name);
                lock.relock();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void WalCheckpointer::checkpoint(const QString &connection)
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    // PASSIVE: copies what no reader still needs, never waits for or blocks the writer.
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) || !q.next()) {
        qCWarning(lcStore) << "WAL checkpoint failed:" << q.lastError().text();
        return;
    }
    ++m_checkpoints;
    const qint64 copied = q.value(2).toLongLong();
    if (copied > 0)
        m_frames += copied;
}

} // namespace watchium::server
