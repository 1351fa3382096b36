#include "rooms/PlaybackService.h"

#include "domain/Validation.h"
#include "ops/Metrics.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRooms)

namespace watchium::server {

using validation::Fields;

namespace {
// Margin over the slowest member's one-way delay: covers the member's own
// event-loop and player reaction time.
constexpr int kLeadMarginMs = 40;
} // namespace

PlaybackService::PlaybackService(ServiceContext context)
    : m_ctx(context)
{
}

bool PlaybackService::isControlEvent(const QString &event)
{
    static const QSet<QString> kEvents {QStringLiteral("play"), QStringLiteral("pause"),
                                        QStringLiteral("seek"), QStringLiteral("rate"),
                                        QStringLiteral("sync_control")};
    return kEvents.contains(event);
}

int PlaybackService::controlLeadMs(const LiveRoom *room) const
{
    double slowest = 0.0;
    for (auto it = room->oneWayDelayMs.cbegin(); it != room->oneWayDelayMs.cend(); ++it) {
        if (room->isOnline(it.key()))
            slowest = std::max(slowest, it.value());
    }
    const int lead = int(slowest) + kLeadMarginMs;
    return std::clamp(lead, m_ctx.config->controlLeadMinMs, m_ctx.config->controlLeadMaxMs);
}

Outcome PlaybackService::control(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    const QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    if (!f.ok())
        return Outcome::failure(400, QStringLiteral("invalid_request"), f.errorMessage());
    const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    const auto member = std::get<LiveRooms::Member>(auth);
    return controlAs(member, body, caller.ip);
}

Outcome PlaybackService::controlAs(const LiveRooms::Member &member, const QJsonObject &body,
                                   const QString &ip)
{
    LiveRoom *room = member.room;
    const MemberRecord &host = *member.member;
    if (room->room.hostUserId != host.userId) {
        if (m_ctx.metrics)
            m_ctx.metrics->rejected(QStringLiteral("not_host"));
        return Outcome::failure(403, QStringLiteral("not_host"),
                                QStringLiteral("only the host controls playback"));
    }
    Fields f(body);
    const QString action = f.text(QStringLiteral("action"), 16);
    const auto time = f.number(QStringLiteral("current_time"), 0, validation::kMaxVideoSeconds,
                               action != QLatin1String("seek"));
    const auto rate = f.number(QStringLiteral("playback_rate"), validation::kMinRate,
                               validation::kMaxRate, action != QLatin1String("rate"));
    if (!f.ok())
        return Outcome::failure(400, QStringLiteral("invalid_request"), f.errorMessage());
    static const QSet<QString> kActions {QStringLiteral("play"), QStringLiteral("pause"),
                                         QStringLiteral("seek"), QStringLiteral("rate")};
    if (!kActions.contains(action))
        return Outcome::failure(400, QStringLiteral("invalid_request"),
                                QStringLiteral("action: must be play, pause, seek or rate"));
    const QString roomKey = room->room.roomId + QLatin1Char(':') + host.userId;
    if (auto limited = m_ctx.limit(RateLimiter::Kind::SyncControl, roomKey, ip))
        return Outcome::failure(*limited);

    const qint64 now = ServiceContext::now();
    const qint64 startsAt = now + controlLeadMs(room);
    const RoomState old = room->room.state;
    const TableRow oldRow = room->room.toRow();
    RoomState next = old;
    next.position = time.value_or(old.expectedPosition(startsAt));
    next.serverTimeMs = startsAt;
    next.seq = old.seq + 1;
    if (action == QLatin1String("play"))
        next.playing = true;
    else if (action == QLatin1String("pause"))
        next.playing = false;
    if (rate)
        next.rate = *rate;

    room->room.state = next;
    room->room.updatedAt = room->room.lastActivityAt = now;
    if (!m_ctx.rooms->updateState(room->room.roomId, next, now)) {
        room->room.state = old;
        return Outcome::failure(500, QStringLiteral("store_error"),
                                QStringLiteral("the playback state could not be saved"));
    }
    qCDebug(lcRooms) << "room" << room->room.roomId << action << "at" << next.position << "from"
                     << startsAt;

    // The control event first: it is what members' players act on, and in a big room every frame
    // sent before it (the row change, ~1.9 KB to each subscriber) delays it for the last member.
    QJsonObject event = next.toJson();
    event.insert(QStringLiteral("action"), action);
    event.insert(QStringLiteral("current_time"), next.position);
    event.insert(QStringLiteral("is_playing"), next.playing);
    event.insert(QStringLiteral("playback_rate"), next.rate);
    event.insert(QStringLiteral("user_id"), host.userId);
    event.insert(QStringLiteral("username"), host.username);
    event.insert(QStringLiteral("room_id"), room->room.roomId);
    event.insert(QStringLiteral("timestamp"), now);
    m_ctx.events->roomBroadcast(room->room.roomId, action, event);
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Update,
                              room->room.toRow(), oldRow);
    // History only: nobody waits for it.
    m_ctx.syncStates->insert(room->room.roomId, host.userId, action, next, now);
    return Outcome::success({{QStringLiteral("state"), next.toJson()},
                             {QStringLiteral("room"), room->room.toRow().record},
                             {QStringLiteral("server_time"), now}});
}

Outcome PlaybackService::hostTime(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    if (!f.ok())
        return Outcome::failure(400, QStringLiteral("invalid_request"), f.errorMessage());
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
