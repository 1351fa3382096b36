#include "realtime/PresenceDiffQueue.h"

#include <algorithm>

namespace watchium::server {

PresenceDiffQueue::PresenceDiffQueue(int windowMs, int updateWindowMs, Deliver deliver,
                                     QObject *parent)
    : QObject(parent)
    , m_deliver(std::move(deliver))
{
    if (windowMs > 0)
        m_windows.emplace(windowMs, updateWindowMs);
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PresenceDiffQueue::deliverDue);
}

void PresenceDiffQueue::add(const QString &topic, const QString &key, const PresenceMeta &joined,
                            const PresenceMeta &left)
{
    ++m_changes;
    if (!m_windows) {
        PresenceDiff diff;
        diff.add(key, joined, left);
        ++m_diffs;
        m_deliver(topic, diff);
        return;
    }
    m_windows->add(m_clock.elapsed(), topic, key, joined, left);
    schedule(m_windows->nextDue());
}

void PresenceDiffQueue::deliverDue()
{
    m_timerDue = -1;
    for (const auto &[topic, diff] : m_windows->takeDue(m_clock.elapsed())) {
        ++m_diffs;
        m_deliver(topic, diff);
    }
    if (const qint64 next = m_windows->nextDue(); next >= 0)
        schedule(next);
}

void PresenceDiffQueue::schedule(qint64 due)
{
    // Most changes land in a window already open, behind an earlier end: the timer stays.
    if (m_timerDue >= 0 && m_timerDue <= due)
        return;
    m_timerDue = due;
    m_timer.start(int(std::max<qint64>(0, due - m_clock.elapsed())));
}

} // namespace watchium::server
