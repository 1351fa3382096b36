#pragma once

#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

namespace watchium::server {

// A thread that first opens a store connection of its own, so its owner learns at start whether
// it can work, and that is stopped by a flag its loop watches. Subclasses call stop() in their
// destructor: the thread runs their run().
class ConnectionThread
{
public:
    virtual ~ConnectionThread();

    // Starts the thread and waits for its run() to call opened(); false (with *error) when the
    // connection did not open, the thread then joined.
    bool start(const QString &name, QThread::Priority priority, QString *error);
    // Sets the stop flag, wakes the loop and joins the thread.
    void stop();

protected:
    // On the thread: opens the connection, reports through opened(), then loops until
    // m_stopping, waiting on m_wake with m_mutex.
    virtual void run() = 0;
    // From run(), once the connection opened or failed to.
    void opened(bool ok, const QString &error);
    bool isRunning() const { return m_thread != nullptr; }

    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_stopping = false;

private:
    QThread *m_thread = nullptr;
    bool m_opened = false;
    QString m_openError;
};

} // namespace watchium::server
