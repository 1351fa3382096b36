#pragma once

#include "client/ChannelReply.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace watchium {

// Pushes waiting for their phx_reply, keyed by ref, each with its own
// deadline and handler. One timer armed for the nearest deadline serves them
// all. Handlers run after their entry is removed, so a handler may push,
// resolve or fail others without disturbing the table.
class PendingReplies : public QObject
{
    Q_OBJECT

public:
    explicit PendingReplies(QObject *parent = nullptr);

    void add(const QString &ref, int timeoutMs, ReplyHandler handler);
    // Hands a phx_reply to its handler; false if no push waits for `ref`.
    bool resolve(const QString &ref, const ChannelReply &reply);
    // Every waiting push learns that it will get no reply (socket lost).
    void failAll(ChannelReply::Status status);
    int size() const { return int(m_entries.size()); }
    bool contains(const QString &ref) const { return m_entries.contains(ref); }

private:
    struct Entry
    {
        QDeadlineTimer deadline;
        ReplyHandler handler;
    };

    void expire();
    void rearm();

    QHash<QString, Entry> m_entries;
    QTimer m_timer;
};

} // namespace watchium
