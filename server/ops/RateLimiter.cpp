#include "ops/RateLimiter.h"

#include <algorithm>

namespace watchium::server {

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
} // namespace

RateLimiter::Rule RateLimiter::defaultRule(Kind kind)
{
    switch (kind) {
    case Kind::RoomCreation:
        return {10, kHour};
    case Kind::SyncControl:
        return {2, kSecond};
    case Kind::Comments:
        return {5, kMinute};
    case Kind::RoomManagement:
        return {20, kHour};
    case Kind::KeyAttempts:
        return {10, 10 * kMinute};
    case Kind::Broadcasts:
        return {100, 10 * kSecond};
    case Kind::Reads:
        return {120, kMinute};
    case Kind::Reactions:
        return {10, 10 * kSecond};
    }
    return {1, kSecond};
}

RateLimiter::RateLimiter()
{
    for (Kind k : {Kind::RoomCreation, Kind::SyncControl, Kind::Comments, Kind::RoomManagement,
                   Kind::KeyAttempts, Kind::Broadcasts, Kind::Reads, Kind::Reactions})
        m_rules.insert(k, defaultRule(k));
}

void RateLimiter::setRule(Kind kind, Rule rule)
{
    m_rules.insert(kind, rule);
}

QString RateLimiter::slot(Kind kind, const QString &key)
{
    return QString::number(int(kind)) + QLatin1Char('|') + key;
}

std::deque<qint64> *RateLimiter::window(Kind kind, const QString &key, qint64 nowMs)
{
    std::deque<qint64> &events = m_events[slot(kind, key)];
    const qint64 start = nowMs - m_rules.value(kind).windowMs;
    while (!events.empty() && events.front() <= start)
        events.pop_front();
    return &events;
}

bool RateLimiter::wouldAllow(Kind kind, const QString &key, qint64 nowMs, qint64 *retryAfterMs,
                             int scale, int cost)
{
    const Rule rule = m_rules.value(kind);
    std::deque<qint64> *events = window(kind, key, nowMs);
    const qsizetype room = qsizetype(rule.max) * scale - qsizetype(events->size());
    if (cost <= room)
        return true;
    if (retryAfterMs) {
        // When enough of the oldest events have left the window for this call to fit; a call
        // larger than the whole limit waits a full window and is refused again, as it must be.
        const qsizetype mustLeave = std::min<qsizetype>(cost - room, qsizetype(events->size()));
        const qint64 leaves = mustLeave > 0 ? (*events)[size_t(mustLeave - 1)] : nowMs;
        *retryAfterMs = leaves + rule.windowMs - nowMs;
    }
    return false;
}

void RateLimiter::record(Kind kind, const QString &key, qint64 nowMs, int cost)
{
    std::deque<qint64> *events = window(kind, key, nowMs);
    for (int i = 0; i < cost; ++i)
        events->push_back(nowMs);
}

void RateLimiter::refund(Kind kind, const QString &key, int cost)
{
    const auto it = m_events.find(slot(kind, key));
    if (it == m_events.end())
        return;
    for (int i = 0; i < cost && !it->empty(); ++i)
        it->pop_back();
    if (it->empty())
        m_events.erase(it);
}

bool RateLimiter::allow(Kind kind, const QString &key, qint64 nowMs, qint64 *retryAfterMs,
                        int scale)
{
    if (!wouldAllow(kind, key, nowMs, retryAfterMs, scale))
        return false;
    record(kind, key, nowMs);
    return true;
}

void RateLimiter::prune(qint64 nowMs)
{
    for (auto it = m_events.begin(); it != m_events.end();) {
        const Kind kind = Kind(it.key().section(QLatin1Char('|'), 0, 0).toInt());
        const qint64 start = nowMs - m_rules.value(kind).windowMs;
        while (!it->empty() && it->front() <= start)
            it->pop_front();
        it = it->empty() ? m_events.erase(it) : std::next(it);
    }
}

} // namespace watchium::server
