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
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("wal-checkpoint"));
    QMutexLocker lock(&m_mutex);
    m_thread->start(QThread::LowPriority);
    // The connection opens on the thread: wait to know whether it did.
    while (!m_opened && m_openError.isEmpty())
        m_wake.wait(&m_mutex);
    if (m_opened)
        return true;
    *error = m_openError;
    lock.unlock();
    stop();
    return false;
}

void WalCheckpointer::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void WalCheckpointer::run()
{
    const QString name = QStringLiteral("watchium-wal-%1").arg(quintptr(this));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_file);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        const bool opened = db.open();
        {
            QMutexLocker lock(&m_mutex);
            if (opened)
                m_opened = true;
            else
                m_openError = db.lastError().text();
            m_wake.wakeAll();
        }
        if (opened) {
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
