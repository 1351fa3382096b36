#pragma once

#include <QHash>
#include <QString>

#include <deque>

namespace watchium::server {

// Sliding-window limits per (rule, key): at most `max` events in any window of
// `windowMs`. Pure logic: the caller passes the time, so tests are exact.
class RateLimiter
{
public:
    struct Rule
    {
        int max;
        qint64 windowMs;
    };
    // The seeds' limits, plus one for private-room key guesses (10 wrong keys per 10 minutes
    // per IP makes walking 10^6 keys take years), one for messages sent through the HTTP
    // broadcast endpoint (each one is a fan-out), one for reads, which need no token, and one
    // for emoji reactions (each one floats over every member's video).
    enum class Kind {
        RoomCreation,
        SyncControl,
        Comments,
        RoomManagement,
        KeyAttempts,
        Broadcasts,
        Reads,
        Reactions
    };
    static Rule defaultRule(Kind kind);

    RateLimiter();
    void setRule(Kind kind, Rule rule);

    // Records the event if allowed; otherwise returns false and sets the ms
    // until the oldest event leaves the window.
    // `scale` multiplies the rule's maximum (per-IP limits are looser than
    // per-user ones, since one address can carry a household); `cost` is how many events the
    // call stands for (a batch of messages).
    bool allow(Kind kind, const QString &key, qint64 nowMs, qint64 *retryAfterMs = nullptr,
               int scale = 1);
    // Checks without recording (for counting only failures, e.g. wrong keys).
    bool wouldAllow(Kind kind, const QString &key, qint64 nowMs, qint64 *retryAfterMs = nullptr,
                    int scale = 1, int cost = 1);
    void record(Kind kind, const QString &key, qint64 nowMs, int cost = 1);
    // Takes back the newest `cost` events recorded on `key`: for a call that turned out to do
    // nothing (a retry answered with what an earlier try saved).
    void refund(Kind kind, const QString &key, int cost = 1);
    // Drops keys whose windows are empty; bounded memory under key churn.
    void prune(qint64 nowMs);
    int trackedKeys() const { return int(m_events.size()); }

private:
    static QString slot(Kind kind, const QString &key);
    std::deque<qint64> *window(Kind kind, const QString &key, qint64 nowMs);

    QHash<Kind, Rule> m_rules;
    QHash<QString, std::deque<qint64>> m_events;
};

} // namespace watchium::server
