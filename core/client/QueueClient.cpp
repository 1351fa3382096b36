#include "client/QueueClient.h"

#include "client/RoomClient.h"

namespace watchium {

QueueClient::QueueClient(RoomClient *room, QObject *parent)
    : QObject(parent)
    , m_room(room)
{
    const auto joined = [this](const QJsonObject &reply) {
        applyRoom(reply.value(QLatin1String("room")).toObject());
        applyQueue(reply.value(QLatin1String("queue")));
    };
    // Made for a room already entered (a room view), or before (the headless client).
    applyRoom(m_room->session().room);
    joined(m_room->lastJoinReply());
    connect(m_room, &RoomClient::entered, this,
            [this](const RoomSession &session) { applyRoom(session.room); });
    connect(m_room, &RoomClient::channelJoined, this, joined);
    connect(m_room, &RoomClient::broadcastReceived, this, &QueueClient::onBroadcast);
    connect(m_room, &RoomClient::controlReplied, this,
            [this](const QJsonObject &reply) { applyQueue(reply.value(QLatin1String("queue"))); });
}

void QueueClient::applyRoom(const QJsonObject &room)
{
    const qint64 episode = room.value(QLatin1String("episode_number")).toInteger();
    if (episode > 0)
        m_episode = episode;
}

void QueueClient::applyQueue(const QJsonValue &json)
{
    // A server without a queue says nothing; an old reply is no reason to forget it.
    if (!json.isObject())
        return;
    const RoomQueue queue = RoomQueue::fromJson(json.toObject());
    if (queue == m_queue)
        return;
    const bool countdown = queue.advanceAtMs != m_queue.advanceAtMs;
    m_queue = queue;
    Q_EMIT queueChanged();
    if (countdown)
        Q_EMIT countdownChanged(m_queue.advanceAtMs, QString());
}

void QueueClient::onBroadcast(const QString &event, const QJsonObject &payload)
{
    if (event == QLatin1String("queue_changed")) {
        applyQueue(payload.value(QLatin1String("queue")));
    } else if (event == QLatin1String("episode_changed")) {
        m_episode = payload.value(QLatin1String("episode_number")).toInteger(m_episode);
        m_episodeTitle = payload.value(QLatin1String("title")).toString();
        Q_EMIT episodeChanged(m_episode, m_episodeTitle,
                              payload.value(QLatin1String("video_url")).toString());
    } else if (event == QLatin1String("advance_countdown")) {
        const qint64 at = payload.value(QLatin1String("advance_at")).toInteger();
        if (at == m_queue.advanceAtMs)
            return;
        m_queue.advanceAtMs = at;
        Q_EMIT countdownChanged(at, payload.value(QLatin1String("reason")).toString());
    }
}

void QueueClient::add(qint64 episode, const QString &title, const QString &videoUrl)
{
    m_room->sendControl(QStringLiteral("queue_add"),
                        {{QStringLiteral("episode_number"), episode},
                         {QStringLiteral("title"), title},
                         {QStringLiteral("video_url"), videoUrl}});
}

void QueueClient::move(qint64 entryId, int position)
{
    m_room->sendControl(
        QStringLiteral("queue_move"),
        {{QStringLiteral("entry_id"), entryId}, {QStringLiteral("position"), position}});
}

void QueueClient::remove(qint64 entryId)
{
    m_room->sendControl(QStringLiteral("queue_remove"), {{QStringLiteral("entry_id"), entryId}});
}

void QueueClient::next()
{
    m_room->sendControl(QStringLiteral("queue_next"), {});
}

void QueueClient::setAutoAdvance(bool enabled)
{
    m_room->sendControl(QStringLiteral("auto_advance"), {{QStringLiteral("enabled"), enabled}});
}

void QueueClient::cancelAdvance()
{
    m_room->sendControl(QStringLiteral("advance_cancel"), {});
}

} // namespace watchium
