#include "realtime/PresenceDiffQueue.h"

#include <algorithm>

namespace watchium::server {

PresenceDiffQueue::PresenceDiffQueue(int windowMs, Deliver deliver, QObject *parent)
    : QObject(parent)
    , m_windowMs(windowMs)
    , m_deliver(std::move(deliver))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PresenceDiffQueue::deliverDue);
}

void PresenceDiffQueue::add(const QString &topic, const QString &key, const QJsonObject &joined,
                            const QJsonObject &left)
{
    ++m_changes;
    if (m_windowMs <= 0) {
        PresenceDiff diff;
        diff.add(key, joined, left);
        ++m_diffs;
        m_deliver(topic, diff);
        return;
    }
    auto it = m_pending.find(topic);
    if (it == m_pending.end()) {
        it = m_pending.insert(topic, PresenceDiff());
        m_due.emplace_back(m_clock.elapsed() + m_windowMs, topic);
        if (!m_timer.isActive())
            m_timer.start(m_windowMs);
    }
    it->add(key, joined, left);
}

void PresenceDiffQueue::deliverDue()
{
    const qint64 now = m_clock.elapsed();
    while (!m_due.empty() && m_due.front().first <= now) {
        const QString topic = std::move(m_due.front().second);
        m_due.pop_front();
        ++m_diffs;
        m_deliver(topic, m_pending.take(topic));
    }
    if (!m_due.empty())
        m_timer.start(int(std::max<qint64>(0, m_due.front().first - now)));
}

} // namespace watchium::server
