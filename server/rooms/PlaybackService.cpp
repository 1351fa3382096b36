#include "rooms/PlaybackService.h"

#include "protocol/PlaybackEvents.h"

#include "domain/Validation.h"
#include "Logging.h"
#include "ops/Metrics.h"
#include "protocol/ErrorCodes.h"
#include "rooms/PlaybackSupervisor.h"
#include "rooms/QueueService.h"
#include "rooms/StatePublisher.h"
#include "store/Transaction.h"

#include <QLoggingCategory>

namespace watchium::server {

using validation::Fields;

PlaybackService::PlaybackService(ServiceContext context, StatePublisher *publisher,
                                 PlaybackSupervisor *supervisor)
    : m_ctx(context)
    , m_publisher(publisher)
    , m_supervisor(supervisor)
{
}

Outcome PlaybackService::control(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    const QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    if (!f.ok())
        return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
    const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    const auto member = std::get<LiveRooms::Member>(auth);
    return controlAs(member, body, caller.ip);
}

Outcome PlaybackService::controlAs(const LiveRooms::Member &member, const QJsonObject &body,
                                   const QString &ip)
{
    // Everything a control writes (a new video, the queue, the state) and tells the other nodes
    // commits together, or nothing does.
    Transaction work(m_ctx.db);
    const Outcome outcome = decide(member, body, ip);
    if (!outcome.ok) {
        work.rollback();
        // Read after the rollback: what this control wrote before it lost the race is gone.
        if (outcome.error.code == protocol::errors::kStateConflict)
            m_ctx.live->reloadRoom(member.room->room.roomId);
        return outcome;
    }
    if (work.isOpen() && !work.commit())
        return storeError();
    return outcome;
}

Outcome PlaybackService::decide(const LiveRooms::Member &member, const QJsonObject &body,
                                const QString &ip)
{
    LiveRoom *room = member.room;
    const MemberRecord &host = *member.member;
    if (room->room.hostUserId != host.userId) {
        if (m_ctx.metrics)
            m_ctx.metrics->rejected(protocol::errors::kNotHost);
        return Outcome::failure(403, protocol::errors::kNotHost,
                                QStringLiteral("only the host controls playback"));
    }
    Fields f(body);
    const QString action = f.text(QStringLiteral("action"), 16);
    if (action == QLatin1String("video"))
        return changeVideo(room, host, f, ip);
    if (action == QLatin1String("group_wait"))
        return setGroupWait(room, host, f);
    if (m_queue && QueueService::handles(action))
        return m_queue->control(room, host, body, ip);
    const auto time = f.number(QStringLiteral("current_time"), 0, validation::kMaxVideoSeconds,
                               action != QLatin1String("seek"));
    const auto rate = f.number(QStringLiteral("playback_rate"), validation::kMinRate,
                               validation::kMaxRate, action != QLatin1String("rate"));
    if (!f.ok())
        return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
    if (!protocol::playback::isControl(action))
        return Outcome::failure(
            400, protocol::errors::kInvalidRequest,
            QStringLiteral("action: must be play, pause, seek, rate, video, group_wait, "
                           "queue_add, queue_move, queue_remove, queue_next, auto_advance or "
                           "advance_cancel"));
    if (auto limited = limitControl(room, host, ip))
        return Outcome::failure(*limited);

    const qint64 now = ServiceContext::now();
    const qint64 startsAt = m_publisher->startTime(room, now);
    const RoomState &old = room->room.state;
    RoomState next = old;
    next.position = time.value_or(old.expectedPosition(startsAt));
    // Nothing plays past the end: a seek there, or a play from there, holds at the end.
    if (old.duration > 0)
        next.position = std::min(next.position, old.duration);
    next.serverTimeMs = startsAt;
    next.seq = old.seq + 1;
    if (action == QLatin1String("play"))
        next.playing = true;
    else if (action == QLatin1String("pause"))
        next.playing = false;
    if (rate)
        next.rate = *rate;
    QString event = action;
    QJsonObject extra;
    next = m_supervisor->planControl(room, action, next, now, &event, &extra);

    const auto published =
        m_publisher->publish(room, next, {event, action, host.userId, host.username, extra});
    if (published != StatePublisher::Result::Published)
        return StatePublisher::failure(published);
    return Outcome::success({{QStringLiteral("state"), next.toJson()},
                             {QStringLiteral("room"), room->room.toRow().record},
                             {QStringLiteral("server_time"), now}});
}

std::optional<ApiError> PlaybackService::limitControl(const LiveRoom *room,
                                                      const MemberRecord &host,
                                                      const QString &ip) const
{
    return m_ctx.limit(RateLimiter::Kind::SyncControl,
                       ServiceContext::memberKey(room->room.roomId, host.userId), ip);
}

Outcome PlaybackService::storeError()
{
    return Outcome::failure(500, protocol::errors::kStoreError,
                            QStringLiteral("the playback state could not be saved"));
}

Outcome PlaybackService::changeVideo(LiveRoom *room, const MemberRecord &host, Fields &f,
                                     const QString &ip)
{
    const QString url = f.httpUrl(QStringLiteral("video_url"));
    if (!f.ok())
        return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
    if (auto limited = limitControl(room, host, ip))
        return Outcome::failure(*limited);
    const qint64 now = ServiceContext::now();
    const QString oldUrl = room->room.videoUrl;
    if (!m_ctx.rooms->updateVideo(room->room.roomId, url, now))
        return storeError();
    room->room.videoUrl = url;
    const RoomState next = StatePublisher::freshStart(room, now);
    qCInfo(lcRooms) << "room" << room->room.roomId << "changes video from" << oldUrl << "to" << url;
    const QJsonObject extra {{QStringLiteral("video_url"), url},
                             {QStringLiteral("reason"), QStringLiteral("video_changed")}};
    const auto published = m_publisher->publish(
        room, next,
        {QStringLiteral("pause"), QStringLiteral("video"), host.userId, host.username, extra});
    if (published != StatePublisher::Result::Published)
        return StatePublisher::failure(published);
    // After the state, so a client that reloads on this event already holds where to start.
    m_ctx.events->roomBroadcast(room->room.roomId, QStringLiteral("video_changed"),
                                {{QStringLiteral("room_id"), room->room.roomId},
                                 {QStringLiteral("video_url"), url},
                                 {QStringLiteral("state"), next.toJson()},
                                 {QStringLiteral("user_id"), host.userId},
                                 {QStringLiteral("username"), host.username}});
    return Outcome::success({{QStringLiteral("state"), next.toJson()},
                             {QStringLiteral("room"), room->room.toRow().record},
                             {QStringLiteral("server_time"), now}});
}

Outcome PlaybackService::setGroupWait(LiveRoom *room, const MemberRecord &host, Fields &f)
{
    const auto enabled = f.boolean(QStringLiteral("enabled"));
    if (!f.ok())
        return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
    const qint64 now = ServiceContext::now();
    if (*enabled != room->room.groupWait) {
        const TableRow oldRow = room->room.toRow();
        if (!m_ctx.rooms->updateGroupWait(room->room.roomId, *enabled, now))
            return storeError();
        room->room.groupWait = *enabled;
        m_ctx.events->roomBroadcast(room->room.roomId, QStringLiteral("group_wait"),
                                    {{QStringLiteral("room_id"), room->room.roomId},
                                     {QStringLiteral("group_wait"), *enabled},
                                     {QStringLiteral("user_id"), host.userId},
                                     {QStringLiteral("username"), host.username}});
        m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Update,
                                  room->room.toRow(), oldRow);
        // A wait in progress ends at once when the host turns waiting off.
        m_supervisor->review(room);
    }
    return Outcome::success({{QStringLiteral("state"), room->room.state.toJson()},
                             {QStringLiteral("room"), room->room.toRow().record},
                             {QStringLiteral("server_time"), now}});
}

Outcome PlaybackService::hostTime(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    if (!f.ok())
        return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
    const auto found = m_ctx.live->viewable(roomId, caller.token);
    if (const auto *error = std::get_if<ApiError>(&found))
        return Outcome::failure(*error);
    LiveRoom *room = std::get<LiveRoom *>(found);
    const qint64 now = ServiceContext::now();
    const RoomState &s = room->room.state;
    return Outcome::success({{QStringLiteral("room_id"), roomId},
                             {QStringLiteral("host_user_id"), room->room.hostUserId},
                             {QStringLiteral("is_playing"), s.playing},
                             {QStringLiteral("current_time"), s.expectedPosition(now)},
                             {QStringLiteral("playback_rate"), s.rate},
                             {QStringLiteral("state"), s.toJson()},
                             {QStringLiteral("server_time"), now}});
}

} // namespace watchium::server
