#include "net/SendThread.h"

#include "net/Sockets.h"

#include <QThread>

#include <cerrno>

namespace watchium::server {

namespace {

void writeJob(SendJob &job)
{
    while (job.sent < job.bytes.size()) {
        errno = 0;
        const qsizetype n = sockets::sendSome(job.fd, QByteArrayView(job.bytes).sliced(job.sent));
        if (n < 0) {
            job.error = errno ? errno : EPIPE;
            return;
        }
        if (n == 0)
            return; // the kernel's buffer is full: the rest waits for writability
        job.sent += n;
    }
}

} // namespace

SendThread::SendThread(std::function<void()> finished)
    : m_finished(std::move(finished))
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->setObjectName(QStringLiteral("watchium-send"));
    m_thread->start();
}

SendThread::~SendThread()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread->wait();
}

void SendThread::post(std::shared_ptr<SendBatch> batch)
{
    {
        const std::lock_guard lock(m_mutex);
        m_todo.push_back(std::move(batch));
    }
    m_wake.notify_one();
}

void SendThread::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_todo.empty() && !m_busy; });
}

std::vector<std::shared_ptr<SendBatch>> SendThread::takeFinished()
{
    const std::lock_guard lock(m_mutex);
    return std::exchange(m_done, {});
}

void SendThread::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_todo.empty(); });
        if (m_stop)
            return;
        std::shared_ptr<SendBatch> batch = std::move(m_todo.front());
        m_todo.pop_front();
        m_busy = true;
        lock.unlock();
        for (SendJob &job : batch->jobs)
            writeJob(job);
        lock.lock();
        m_busy = false;
        const bool first = m_done.empty();
        m_done.push_back(std::move(batch));
        if (m_todo.empty())
            m_idle.notify_all();
        if (first) {
            // One call per burst: the serving thread takes everything finished when it runs.
            lock.unlock();
            m_finished();
            lock.lock();
        }
    }
}

} // namespace watchium::server
