#include "realtime/PresenceWindows.h"

#include <algorithm>

namespace watchium::server {

PresenceWindows::PresenceWindows(int windowMs, int updateWindowMs)
    : m_windowMs(std::max(1, windowMs))
    , m_updateWindowMs(std::max(m_windowMs, updateWindowMs))
{
}

void PresenceWindows::add(qint64 nowMs, const QString &topic, const QString &key,
                          const PresenceMeta &joined, const PresenceMeta &left)
{
    const bool update = !joined.isEmpty() && !left.isEmpty();
    const qint64 due = nowMs + (update ? m_updateWindowMs : m_windowMs);
    auto it = m_pending.find(topic);
    if (it == m_pending.end() || due < it->due) {
        if (it == m_pending.end())
            it = m_pending.insert(topic, Pending());
        it->due = due;
        (update ? m_dueUpdates : m_dueChanges).emplace_back(due, topic);
    }
    it->diff.add(key, joined, left);
}

QList<std::pair<QString, PresenceDiff>> PresenceWindows::takeDue(qint64 nowMs)
{
    QList<std::pair<QString, PresenceDiff>> due;
    for (;;) {
        DueList *list = nullptr;
        for (DueList *candidate : {&m_dueChanges, &m_dueUpdates}) {
            if (!candidate->empty() && candidate->front().first <= nowMs
                && (!list || candidate->front().first < list->front().first))
                list = candidate;
        }
        if (!list)
            return due;
        const auto [end, topic] = std::move(list->front());
        list->pop_front();
        const auto it = m_pending.constFind(topic);
        if (it == m_pending.cend() || it->due != end)
            continue; // delivered earlier: its window was brought forward
        due.append({topic, m_pending.take(topic).diff});
    }
}

qint64 PresenceWindows::nextDue() const
{
    qint64 next = -1;
    for (const DueList *list : {&m_dueChanges, &m_dueUpdates}) {
        if (!list->empty() && (next < 0 || list->front().first < next))
            next = list->front().first;
    }
    return next;
}

} // namespace watchium::server
