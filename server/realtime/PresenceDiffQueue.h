#pragma once

#include "realtime/PresenceWindows.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace watchium::server {

// Holds each topic's presence changes for a short window from its first change and then hands
// them over as one presence_diff: a room whose members report every 3 s sends its subscribers
// one frame for the reports of a window instead of one each. Phoenix's own tracker hands its
// diffs over in batches the same way. Each topic's window starts at its own first change, so the
// frames spread over time instead of leaving together on one tick. Updates (members tracking
// again) may wait longer than joins and leaves (PresenceWindows): the others already show those
// members and extrapolate their positions, and the reports of a whole room then share a frame.
class PresenceDiffQueue : public QObject
{
    Q_OBJECT

public:
    using Deliver = std::function<void(const QString &topic, const PresenceDiff &diff)>;

    // windowMs ≤ 0: every change is delivered at once, alone. updateWindowMs below windowMs is
    // taken as windowMs.
    PresenceDiffQueue(int windowMs, int updateWindowMs, Deliver deliver, QObject *parent = nullptr);

    void add(const QString &topic, const QString &key, const PresenceMeta &joined,
             const PresenceMeta &left);
    // Changes received and frames handed over, since start, for /metrics.
    qint64 changes() const { return m_changes; }
    qint64 diffs() const { return m_diffs; }
    // The longest a change waits (0: none waits).
    int longestWindowMs() const { return m_windows ? m_windows->updateWindowMs() : 0; }

private:
    void deliverDue();
    void schedule(qint64 due);

    std::optional<PresenceWindows> m_windows; // none: each change at once
    Deliver m_deliver;
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_timerDue = -1;
    qint64 m_changes = 0;
    qint64 m_diffs = 0;
};

} // namespace watchium::server
