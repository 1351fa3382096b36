#pragma once

#include "realtime/PresenceDiff.h"

#include <QHash>
#include <QList>

#include <deque>
#include <utility>

namespace watchium::server {

// When each topic's gathered presence changes are due, on a clock the caller gives: a topic's
// first change opens its window, a join or a leave closes it after `windowMs`, an update (a
// meta joins and its predecessor leaves: a member tracking again) after `updateWindowMs`, and a
// join or a leave brings the end of a window open for updates forward to its own. Pure: the
// timer that asks what is due lives in PresenceDiffQueue.
class PresenceWindows
{
public:
    // updateWindowMs below windowMs is taken as windowMs; windowMs must be positive.
    PresenceWindows(int windowMs, int updateWindowMs);

    int windowMs() const { return m_windowMs; }
    int updateWindowMs() const { return m_updateWindowMs; }

    // Gathers a change at `nowMs`.
    void add(qint64 nowMs, const QString &topic, const QString &key, const PresenceMeta &joined,
             const PresenceMeta &left);
    // The topics whose windows have ended by `nowMs`, with their diffs, in the order they ended.
    QList<std::pair<QString, PresenceDiff>> takeDue(qint64 nowMs);
    // When the next window ends (maybe one brought forward since: asking then finds nothing),
    // or -1 when none is open.
    qint64 nextDue() const;
    bool isEmpty() const { return m_pending.isEmpty(); }

private:
    struct Pending
    {
        PresenceDiff diff;
        qint64 due = 0;
    };
    using DueList = std::deque<std::pair<qint64, QString>>;

    const int m_windowMs;
    const int m_updateWindowMs;
    QHash<QString, Pending> m_pending;
    // Topics in the order their windows end, one list per window length, so pushing at the back
    // keeps each in order. A window brought forward leaves its later entry behind: an entry is
    // live while its topic is pending with that very end.
    DueList m_dueChanges;
    DueList m_dueUpdates;
};

} // namespace watchium::server
