#pragma once

#include "net/ByteStream.h"

#include <QByteArray>
#include <QObject>

#include <memory>
#include <vector>

namespace watchium::server {

class SendThread;
struct OwnedBatch;

// Hands the bytes a turn gathered for plain sockets to threads of their own, which write them to
// the kernel, and brings each outcome back to the serving thread. A write on loopback or a fast
// network costs the serving thread a third of its time (the kernel's TCP path, and on loopback
// the receiver's too); handed over, that time runs on another core while the serving thread goes
// on. Each socket goes to the same thread every time, so the threads own a share of the sockets
// each. Only descriptors are handed over: a socket whose bytes need its own thread (TLS) never
// comes here.
class OffThreadWrites : public QObject
{
    Q_OBJECT

public:
    // The serving-thread side of a socket whose bytes were handed over.
    class Owner
    {
    public:
        virtual ~Owner() = default;
        // Back on the serving thread: of `bytes`, `sent` went to the kernel; `error` (errno) is
        // set when the connection broke.
        virtual void written(const QByteArray &bytes, qsizetype sent, int error) = 0;
    };

    // `threads` ≥ 1.
    explicit OffThreadWrites(int threads, QObject *parent = nullptr);
    // Stops the threads; writes still in flight are dropped unanswered.
    ~OffThreadWrites() override;

    int threads() const { return int(m_threads.size()); }
    // `bytes` for descriptor `fd`, sent with the turn's other writes by submit(). An owner has
    // at most one write in flight: it waits for written() before handing more.
    void hand(Owner *owner, int fd, QByteArray bytes);
    // Starts the writes handed since the last call (at the end of a turn's flush).
    void submit();
    // Submits what was handed, waits until every write is done and tells the owners, here and
    // now: for a server stopping, whose close frames must follow them without another turn.
    void drain();
    // `owner` goes away with a write in flight: it is not answered, and `stream` (its
    // connection) stays open until the write is done, so that its descriptor number cannot be
    // given to a new connection while a thread may still write to it.
    void abandon(Owner *owner, std::unique_ptr<ByteStream> stream);

    // For /metrics: writes handed over, and those the kernel did not take whole (the rest
    // waited for writability on the serving thread), since start.
    qint64 handed() const { return m_handed; }
    qint64 partial() const { return m_partial; }

private:
    // Runs on the serving thread when a thread has finished batches.
    void collect();

    std::vector<std::unique_ptr<SendThread>> m_threads;
    // The batch being gathered for each thread this turn (null while empty).
    std::vector<std::shared_ptr<OwnedBatch>> m_gathering;
    // Batches handed to a thread and not yet collected, for abandon().
    std::vector<std::shared_ptr<OwnedBatch>> m_inFlight;
    qint64 m_handed = 0;
    qint64 m_partial = 0;
};

} // namespace watchium::server
