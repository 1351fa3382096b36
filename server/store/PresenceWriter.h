#pragma once

#include "store/ConnectionThread.h"
#include "store/Records.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QWaitCondition>

#include <atomic>

namespace watchium::server {

// Writes members' presence rows on a thread and PostgreSQL connection of its own, each member as
// it was last submitted, so the thread serving the sockets never waits on those round trips (a
// second's rows at 4,000 members held it 20-100 ms). A row another transaction holds is written
// again a moment later; one still not written after ~1 s of tries (its member left) is dropped.
class PresenceWriter : public ConnectionThread
{
public:
    explicit PresenceWriter(QString databaseUrl);
    ~PresenceWriter() override;

    // Opens the thread's connection; false (with *error) when it cannot. The inherited stop()
    // writes what was submitted, tries held rows once more, and joins the thread.
    bool start(QString *error);

    // Queues the rows; a member already queued keeps only the newer state.
    void submit(const QList<MemberRecord> &members);
    // Returns once every row submitted before the call has been tried at least once.
    void drain();

    qint64 rowsWritten() const { return m_written.load(); }
    qint64 rowsRetried() const { return m_retried.load(); }
    qint64 rowsDropped() const { return m_dropped.load(); }

private:
    struct Queued
    {
        MemberRecord member;
        int attempts = 0;
    };

    void run() override;
    // Takes what is due: every submitted row, and held rows whose wait is over.
    QList<Queued> takeDue();

    QString m_url;
    // A round finished, for drain() (the inherited m_wake is the thread's: work or stop).
    QWaitCondition m_done;
    QHash<qint64, Queued> m_submitted; // by row id
    // Skipped or refused last round, tried again at m_heldDue; by row id, so a newer submission
    // replaces its member's held state instead of being overwritten by it.
    QHash<qint64, Queued> m_held;
    qint64 m_heldDue = 0;
    quint64 m_rounds = 0; // rounds finished
    bool m_inRound = false;
    std::atomic<qint64> m_written {0};
    std::atomic<qint64> m_retried {0};
    std::atomic<qint64> m_dropped {0};
};

} // namespace watchium::server
