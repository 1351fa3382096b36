#include "store/ConnectionThread.h"

namespace watchium::server {

ConnectionThread::~ConnectionThread()
{
    // A subclass that forgot stop() would leave its run() on a destroyed object.
    Q_ASSERT(!m_thread);
}

bool ConnectionThread::start(const QString &name, QThread::Priority priority, QString *error)
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(name);
    QMutexLocker lock(&m_mutex);
    m_thread->start(priority);
    while (!m_opened && m_openError.isEmpty())
        m_wake.wait(&m_mutex);
    if (m_opened)
        return true;
    *error = m_openError;
    lock.unlock();
    stop();
    return false;
}

void ConnectionThread::stop()
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

void ConnectionThread::opened(bool ok, const QString &error)
{
    QMutexLocker lock(&m_mutex);
    if (ok)
        m_opened = true;
    else
        m_openError = error.isEmpty() ? QStringLiteral("unknown error") : error;
    m_wake.wakeAll();
}

} // namespace watchium::server
