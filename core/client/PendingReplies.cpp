#include "client/PendingReplies.h"

#include <QList>

#include <algorithm>
#include <limits>
#include <utility>

namespace watchium {

PendingReplies::PendingReplies(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    // Timeouts of a few seconds; coarse timers would add up to 5 % to them.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PendingReplies::expire);
}

void PendingReplies::add(const QString &ref, int timeoutMs, ReplyHandler handler)
{
    m_entries.insert(ref, {QDeadlineTimer(std::max(0, timeoutMs)), std::move(handler)});
    rearm();
}

bool PendingReplies::resolve(const QString &ref, const ChannelReply &reply)
{
    auto it = m_entries.find(ref);
    if (it == m_entries.end())
        return false;
    const ReplyHandler handler = std::move(it->handler);
    m_entries.erase(it);
    rearm();
    if (handler)
        handler(reply);
    return true;
}

void PendingReplies::failAll(ChannelReply::Status status)
{
    const QHash<QString, Entry> entries = std::exchange(m_entries, {});
    m_timer.stop();
    for (const Entry &entry : entries) {
        if (entry.handler)
            entry.handler(ChannelReply {status, {}});
    }
}

void PendingReplies::expire()
{
    QList<ReplyHandler> expired;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->deadline.hasExpired()) {
            expired.append(std::move(it->handler));
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    rearm();
    for (const ReplyHandler &handler : expired) {
        if (handler)
            handler(ChannelReply {ChannelReply::Status::Timeout, {}});
    }
}

void PendingReplies::rearm()
{
    if (m_entries.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 nearest = std::numeric_limits<qint64>::max();
    for (const Entry &entry : std::as_const(m_entries))
        nearest = std::min(nearest, entry.deadline.remainingTime());
    m_timer.start(int(std::clamp<qint64>(nearest, 0, std::numeric_limits<int>::max())));
}

} // namespace watchium
