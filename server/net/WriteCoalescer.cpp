#include "net/WriteCoalescer.h"

#include <algorithm>

namespace watchium::server {

void WriteCoalescer::defer(Writer *writer)
{
    m_pending.push_back(writer);
    if (m_scheduled)
        return;
    m_scheduled = true;
    // A posted call runs once the event now being handled returns, before the loop waits again:
    // everything this turn sends goes out together, and nothing waits for a later turn.
    QMetaObject::invokeMethod(this, &WriteCoalescer::flushAll, Qt::QueuedConnection);
}

void WriteCoalescer::forget(Writer *writer)
{
    std::replace(m_pending.begin(), m_pending.end(), writer, static_cast<Writer *>(nullptr));
}

void WriteCoalescer::flushAll()
{
    m_scheduled = false;
    // Flushing may close a socket, which forgets itself here: work on a list of our own.
    std::vector<Writer *> writers;
    writers.swap(m_pending);
    for (Writer *writer : writers) {
        if (writer) {
            writer->flushCoalesced();
            ++m_flushes;
        }
    }
}

} // namespace watchium::server
