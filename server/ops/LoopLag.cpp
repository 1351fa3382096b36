#include "ops/LoopLag.h"

#include <algorithm>

namespace watchium::server {

qint64 LoopLagTally::lateness(qint64 previousMs, qint64 nowMs, int intervalMs)
{
    return std::max<qint64>(0, nowMs - previousMs - intervalMs);
}

void LoopLagTally::record(qint64 atMs, qint64 lateMs)
{
    if (lateMs >= kStallMs)
        ++m_stalls;
    if (lateMs >= kLongStallMs)
        ++m_longStalls;
    const qint64 index = atMs / kSliceMs;
    Slice &slice = m_slices[std::size_t(index % qint64(m_slices.size()))];
    if (slice.index != index)
        slice = {index, 0};
    slice.max = std::max(slice.max, lateMs);
}

qint64 LoopLagTally::recentMax(qint64 nowMs) const
{
    const qint64 oldest = (nowMs - kWindowMs) / kSliceMs;
    qint64 max = 0;
    for (const Slice &slice : m_slices) {
        if (slice.index >= 0 && slice.index >= oldest && slice.index <= nowMs / kSliceMs)
            max = std::max(max, slice.max);
    }
    return max;
}

LoopLagProbe::LoopLagProbe(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.elapsed();
        m_tally.record(now, LoopLagTally::lateness(m_lastMs, now, kIntervalMs));
        m_lastMs = now;
    });
}

void LoopLagProbe::begin()
{
    m_lastMs = m_clock.elapsed();
    m_timer.start();
}

} // namespace watchium::server
