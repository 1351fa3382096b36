#pragma once

#include "store/ConnectionThread.h"

#include <QString>

#include <atomic>

namespace watchium::server {

// Copies an SQLite database's write-ahead log back into the database file on a thread and
// connection of its own. SQLite otherwise checkpoints inside whichever commit crosses the WAL's
// size threshold, and that commit then waits for the checkpoint's fsyncs: under load, the event
// loop serving every socket stalled for hundreds of milliseconds at a time. Writers only append
// to the WAL (synchronous=NORMAL), so with this the serving thread never waits on the disk.
class WalCheckpointer : public ConnectionThread
{
public:
    WalCheckpointer(QString file, int intervalMs);
    ~WalCheckpointer() override;

    // Opens the thread's own connection; false (with *error) when it cannot.
    bool start(QString *error);

    // Passive checkpoints done, and WAL frames they copied, for tests and metrics.
    qint64 checkpoints() const { return m_checkpoints.load(); }
    qint64 framesCopied() const { return m_frames.load(); }

private:
    void run() override;
    void checkpoint(const QString &connection);

    QString m_file;
    int m_intervalMs;
    std::atomic<qint64> m_checkpoints {0};
    std::atomic<qint64> m_frames {0};
};

} // namespace watchium::server
