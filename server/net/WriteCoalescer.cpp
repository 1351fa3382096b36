#include "net/WriteCoalescer.h"

#include <algorithm>

namespace watchium::server {

void WriteCoalescer::setWriteThreads(int threads)
{
    m_offThread = threads > 0 ? std::make_unique<OffThreadWrites>(threads) : nullptr;
}

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

void WriteCoalescer::deferPatiently(Writer *writer)
{
    if (!m_clock.isValid()) {
        m_clock.start();
        m_patienceTimer.setSingleShot(true);
        connect(&m_patienceTimer, &QTimer::timeout, this, &WriteCoalescer::endPatience);
    }
    const qint64 due = m_clock.elapsed() + m_patienceMs;
    m_patient.emplace_back(due, writer);
    m_patientWriters.insert(writer);
    if (!m_patienceTimer.isActive())
        m_patienceTimer.start(m_patienceMs);
}

void WriteCoalescer::endPatience()
{
    const qint64 now = m_clock.elapsed();
    while (!m_patient.empty() && m_patient.front().first <= now) {
        Writer *writer = m_patient.front().second;
        m_patient.pop_front();
        // A writer at a forgotten writer's address may be told early: it only flushes sooner.
        if (m_patientWriters.remove(writer))
            writer->patienceOver();
    }
    if (!m_patient.empty())
        m_patienceTimer.start(int(std::max<qint64>(0, m_patient.front().first - now)));
}

void WriteCoalescer::drain()
{
    flushAll();
    if (m_offThread)
        m_offThread->drain();
}

void WriteCoalescer::forget(Writer *writer)
{
    // Rare (a socket closing with frames held): a search is cheaper than keeping an index.
    m_pending.erase(std::remove(m_pending.begin(), m_pending.end(), writer), m_pending.end());
    std::replace(m_flushing.begin(), m_flushing.end(), writer, static_cast<Writer *>(nullptr));
    m_patientWriters.remove(writer);
}

void WriteCoalescer::flushAll()
{
    m_scheduled = false;
    // Writers flushed now may ask again (and be forgotten) meanwhile: work on a list of our own.
    m_flushing.swap(m_pending);
    for (std::size_t i = 0; i < m_flushing.size(); ++i) {
        if (Writer *writer = m_flushing[i]) {
            writer->flushCoalesced();
            ++m_flushes;
        }
    }
    m_flushing.clear();
    if (m_offThread)
        m_offThread->submit();
}

} // namespace watchium::server
