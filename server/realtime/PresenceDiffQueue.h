#pragma once

#include "realtime/PresenceDiff.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

namespace watchium::server {

// Holds each topic's presence changes for a short window from its first change and then hands
// them over as one presence_diff: a room whose members report every 3 s sends its subscribers
// one frame for the reports of a window instead of one each. Phoenix's own tracker hands its
// diffs over in batches the same way. Each topic's window starts at its own first change, so the
// frames spread over time instead of leaving together on one tick.
class PresenceDiffQueue : public QObject
{
    Q_OBJECT

public:
    using Deliver = std::function<void(const QString &topic, const PresenceDiff &diff)>;

    // windowMs ≤ 0: every change is delivered at once, alone.
    PresenceDiffQueue(int windowMs, Deliver deliver, QObject *parent = nullptr);

    void add(const QString &topic, const QString &key, const QJsonObject &joined,
             const QJsonObject &left);
    // Changes received and frames handed over, since start, for /metrics.
    qint64 changes() const { return m_changes; }
    qint64 diffs() const { return m_diffs; }

private:
    void deliverDue();

    const int m_windowMs;
    Deliver m_deliver;
    QHash<QString, PresenceDiff> m_pending;
    // Topics in the order their windows end; one window length for all, so pushing at the back
    // keeps the order.
    std::deque<std::pair<qint64, QString>> m_due;
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_changes = 0;
    qint64 m_diffs = 0;
};

} // namespace watchium::server
