#include "client/CommentOutbox.h"
#include "protocol/ErrorCodes.h"

#include <QUuid>

namespace watchium {

namespace {

// Refusals worth another try later. Every other one (validation, unknown
// parent, a membership that ended) would be refused again.
bool isTransient(const QString &code)
{
    return code.isEmpty() || code == protocol::errors::kRateLimited
        || code == protocol::errors::kStoreError;
}

} // namespace

CommentOutbox::CommentOutbox(Sender sender, QObject *parent)
    : QObject(parent)
    , m_send(std::move(sender))
{
    m_retry.setSingleShot(true);
    // The server's comment limit is per minute; a few seconds apart keeps a
    // refused comment from hammering it.
    m_retry.setInterval(5000);
    connect(&m_retry, &QTimer::timeout, this, &CommentOutbox::flush);
}

QString CommentOutbox::add(const QString &text, std::optional<double> videoTimestamp,
                           std::optional<qint64> parentId)
{
    const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject body {{QStringLiteral("message"), text}, {QStringLiteral("idempotency_key"), key}};
    if (videoTimestamp)
        body.insert(QStringLiteral("video_timestamp"), *videoTimestamp);
    if (parentId)
        body.insert(QStringLiteral("parent_id"), *parentId);
    m_entries.append({key, body, false});
    flush();
    return key;
}

void CommentOutbox::setConnected(bool connected)
{
    m_connected = connected;
    if (connected)
        flush();
    else
        m_retry.stop();
}

void CommentOutbox::clear(const QString &code, const QString &reason)
{
    m_retry.stop();
    for (const Entry &entry : std::exchange(m_entries, {}))
        Q_EMIT failed(entry.key, code, reason);
}

bool CommentOutbox::contains(const QString &key) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&](const Entry &e) { return e.key == key; });
}

CommentOutbox::Entry *CommentOutbox::find(const QString &key)
{
    for (Entry &entry : m_entries) {
        if (entry.key == key)
            return &entry;
    }
    return nullptr;
}

void CommentOutbox::flush()
{
    if (!m_connected)
        return;
    QList<Entry> due;
    for (Entry &entry : m_entries) {
        if (!entry.inFlight) {
            entry.inFlight = true;
            due.append(entry);
        }
    }
    // Sent in the order written; the server stores them in arrival order.
    for (const Entry &entry : due) {
        m_send(entry.body,
               [this, key = entry.key](const ChannelReply &reply) { onReply(key, reply); });
    }
}

void CommentOutbox::onReply(const QString &key, const ChannelReply &reply)
{
    Entry *entry = find(key);
    if (!entry)
        return; // cleared meanwhile
    const bool refused = reply.status == ChannelReply::Status::Error;
    if (reply.ok() || (refused && !isTransient(reply.code()))) {
        m_entries.removeIf([&](const Entry &e) { return e.key == key; });
        if (reply.ok())
            Q_EMIT acknowledged(key, reply.response.value(QLatin1String("comment")).toObject());
        else
            Q_EMIT failed(key, reply.code(), reply.reason());
        return;
    }
    // Kept. A lost socket resends it after the next join (setConnected);
    // a timeout or a passing refusal on a live one, after a pause.
    entry->inFlight = false;
    if (reply.status != ChannelReply::Status::Disconnected && m_connected)
        m_retry.start();
}

} // namespace watchium
