#pragma once

#include "client/ChannelReply.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

namespace watchium {

// Comments written but not yet acknowledged by the server, in the order they
// were written. Each carries a client-made idempotency key, so resending one
// is safe: the server answers a known key with the stored comment instead of
// inserting it again. An entry leaves only on an acknowledgement or a
// permanent refusal; it outlives timeouts and reconnects.
class CommentOutbox : public QObject
{
    Q_OBJECT

public:
    // Pushes a `comment` payload on the channel; the handler gets the reply.
    using Sender = std::function<void(const QJsonObject &payload, ReplyHandler handler)>;

    struct Entry
    {
        QString key;
        QJsonObject body; // the push payload, idempotency_key included
        bool inFlight = false;
    };

    explicit CommentOutbox(Sender sender, QObject *parent = nullptr);

    // Queues a comment (sent at once when connected) and returns its key.
    QString add(const QString &text, std::optional<double> videoTimestamp = std::nullopt,
                std::optional<qint64> parentId = std::nullopt);
    // Connected: send what waits now, and new comments as they come.
    void setConnected(bool connected);
    // Drops everything unsent, each with failed(key, code, reason).
    void clear(const QString &code, const QString &reason);
    void setRetryIntervalMs(int ms) { m_retry.setInterval(ms); }

    int size() const { return int(m_entries.size()); }
    bool contains(const QString &key) const;
    QList<Entry> entries() const { return m_entries; }

Q_SIGNALS:
    void acknowledged(const QString &key, const QJsonObject &comment);
    void failed(const QString &key, const QString &code, const QString &message);

private:
    void flush();
    void onReply(const QString &key, const ChannelReply &reply);
    Entry *find(const QString &key);

    Sender m_send;
    QList<Entry> m_entries;
    QTimer m_retry;
    bool m_connected = false;
};

} // namespace watchium
