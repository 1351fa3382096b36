#pragma once

#include "net/OffThreadWrites.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace watchium::server {

// Gathers what a socket is sent during one turn of the event loop into one write. A fan-out hands
// each member a frame at a time; sent at once, every frame is a system call and (on a busy
// server, where one turn handles hundreds of events) a TCP segment of its own. A socket asks to
// be flushed at the start of the next turn instead, with everything it was given meanwhile.
//
// A frame nobody waits for (the answer to a presence report) may also wait for company: its
// writer is flushed with its next frame that cannot wait, or after the patience, whichever
// comes first. The presence diff that carries the report follows within the presence window, so
// the answer rides in its write rather than costing a write of its own.
class WriteCoalescer : public QObject
{
    Q_OBJECT

public:
    class Writer
    {
    public:
        virtual ~Writer() = default;
        // Hands what the writer holds to the kernel.
        virtual void flushCoalesced() = 0;
        // What the writer held at deferPatiently() has waited the patience.
        virtual void patienceOver() = 0;
    };

    using QObject::QObject;

    // From now on, writers may hand their flush to `threads` threads (0: every write on this
    // thread, as by default). Set before the first socket.
    void setWriteThreads(int threads);
    // Where writers hand their bytes, or null when they write them themselves.
    OffThreadWrites *offThread() const { return m_offThread.get(); }

    // `writer` holds bytes to send: flush it at the start of the next turn. Call once per turn
    // (the writer remembers that it asked).
    void defer(Writer *writer);
    // How long a frame that may wait waits at most (0, the default: it does not).
    void setPatienceMs(int ms) { m_patienceMs = ms; }
    int patienceMs() const { return m_patienceMs; }
    // `writer` holds bytes that may wait for the patience: it is told when they have waited it
    // (unless forgotten). Call once per hold (the writer remembers that it asked).
    void deferPatiently(Writer *writer);
    // `writer` goes away before its flush (or its patience ends).
    void forget(Writer *writer);
    // Flushes every writer that asked (also run by the event loop).
    void flushAll();
    // Flushes every writer and, with write threads, waits for their writes and their outcomes:
    // afterwards no socket has a write in flight (a server stopping closes them next).
    void drain();
    std::size_t pending() const { return m_pending.size(); }

    // For /metrics: frames held for a flush, and flushes (writes) that carried them.
    void noteHeld() { ++m_held; }
    qint64 held() const { return m_held; }
    qint64 flushes() const { return m_flushes; }

private:
    void endPatience();

    std::vector<Writer *> m_pending;
    std::vector<Writer *> m_flushing; // while flushAll() runs
    std::unique_ptr<OffThreadWrites> m_offThread;
    bool m_scheduled = false;
    // Writers holding bytes that may wait, in the order their patience ends (one length for
    // all, so pushing at the back keeps the order).
    std::deque<std::pair<qint64, Writer *>> m_patient;
    // Those still to be told: a writer forgotten leaves this at once and its entry above is
    // skipped, never followed (a socket closing need not search the list).
    QSet<Writer *> m_patientWriters;
    QTimer m_patienceTimer;
    QElapsedTimer m_clock;
    int m_patienceMs = 0;
    qint64 m_held = 0;
    qint64 m_flushes = 0;
};

} // namespace watchium::server
