#include "rooms/MemberService.h"

#include "domain/Validation.h"
#include "protocol/ErrorCodes.h"

#include <QJsonArray>

namespace watchium::server {

using validation::Fields;

namespace {

Outcome invalid(const Fields &f)
{
    return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
}

} // namespace

MemberService::MemberService(ServiceContext context)
    : m_ctx(context)
{
}

Outcome MemberService::list(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    if (!f.ok())
        return invalid(f);
    const auto found = m_ctx.live->viewable(roomId, caller.token);
    if (const auto *error = std::get_if<ApiError>(&found))
        return Outcome::failure(*error);
    LiveRoom *room = std::get<LiveRoom *>(found);
    QList<MemberRecord> members = room->members.values();
    std::sort(members.begin(), members.end(), [](const MemberRecord &a, const MemberRecord &b) {
        return a.joinedAt != b.joinedAt ? a.joinedAt < b.joinedAt : a.id < b.id;
    });
    QJsonArray rows;
    int online = 0;
    int synced = 0;
    for (const MemberRecord &m : members) {
        rows.append(m.toRow().record);
        online += m.isOnline ? 1 : 0;
        synced += m.isOnline && m.isSynced ? 1 : 0;
    }
    return Outcome::success({{QStringLiteral("room_id"), roomId},
                             {QStringLiteral("host_user_id"), room->room.hostUserId},
                             {QStringLiteral("members"), rows},
                             {QStringLiteral("total"), int(members.size())},
                             {QStringLiteral("online"), online},
                             {QStringLiteral("synced"), synced},
                             {QStringLiteral("server_time"), ServiceContext::now()}});
}

Outcome MemberService::updateStatus(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    const QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    const QString username = f.text(QStringLiteral("username"), validation::kUsernameMax, true);
    const bool hasAvatar = f.has(QStringLiteral("avatar_url"));
    const QString avatarUrl = f.httpUrl(QStringLiteral("avatar_url"), true);
    const auto position =
        f.number(QStringLiteral("current_time"), 0, validation::kMaxVideoSeconds, true);
    const auto playing = f.boolean(QStringLiteral("is_playing"), true);
    if (!f.ok())
        return invalid(f);
    const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    auto [room, member] = std::get<LiveRooms::Member>(auth);
    if (!username.isEmpty() || hasAvatar) {
        const TableRow before = member->toRow();
        if (!username.isEmpty())
            member->username = username;
        if (hasAvatar)
            member->avatarUrl = avatarUrl;
        m_ctx.members->updateProfile(roomId, member->userId, member->username, member->avatarUrl);
        if (room->room.hostUserId == member->userId && !username.isEmpty()) {
            room->room.hostUsername = username;
            m_ctx.rooms->updateHost(roomId, member->userId, username, ServiceContext::now(),
                                    member->userId);
        }
        m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Update,
                                  member->toRow(), before);
    }
    if (position)
        applyPosition(room, member, *position, playing.value_or(member->isPlaying), {});
    return Outcome::success({{QStringLiteral("member"), member->toRow().record}});
}

Outcome MemberService::trackPresenceRpc(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId(QStringLiteral("p_room_id"));
    const QString userId = f.text(QStringLiteral("p_user_id"), validation::kUserIdMax, true);
    const auto position =
        f.number(QStringLiteral("p_current_time"), 0, validation::kMaxVideoSeconds);
    const auto playing = f.boolean(QStringLiteral("p_is_playing"));
    if (!f.ok())
        return invalid(f);
    const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    auto [room, member] = std::get<LiveRooms::Member>(auth);
    applyPosition(room, member, *position, *playing, {});
    return Outcome::success({{QStringLiteral("success"), true},
                             {QStringLiteral("is_synced"), member->isSynced},
                             {QStringLiteral("sync_offset_ms"), member->syncOffsetMs}});
}

Outcome MemberService::roomSyncStateRpc(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId(QStringLiteral("p_room_id"));
    f.text(QStringLiteral("p_user_id"), validation::kUserIdMax, true);
    if (!f.ok())
        return invalid(f);
    const auto found = m_ctx.live->viewable(roomId, caller.token);
    if (const auto *error = std::get_if<ApiError>(&found))
        return Outcome::failure(*error);
    LiveRoom *room = std::get<LiveRoom *>(found);
    const qint64 now = ServiceContext::now();
    QJsonObject roomJson = room->room.toRow().record;
    // What "sync to live" needs is where the room is now, not where the last
    // control left it.
    const double live = room->room.state.expectedPosition(now);
    roomJson.insert(QStringLiteral("current_time"), live);
    roomJson.insert(QStringLiteral("current_playback_time"), live);
    return Outcome::success({{QStringLiteral("room"), roomJson},
                             {QStringLiteral("state"), room->room.state.toJson()},
                             {QStringLiteral("server_time"), now}});
}

void MemberService::presence(LiveRoom *room, MemberRecord *member, const QJsonObject &meta)
{
    const QJsonValue position = meta.value(QLatin1String("current_time"));
    if (!position.isDouble() || position.toDouble() < 0
        || position.toDouble() > validation::kMaxVideoSeconds)
        return;
    const PlayerStatus oldStatus = member->playerStatus;
    member->playerStatus =
        playerStatusFromName(meta.value(QLatin1String("player_state")).toString());
    member->playerError = member->playerStatus == PlayerStatus::Error
        ? meta.value(QLatin1String("player_error")).toString().left(validation::kPlayerErrorMax)
        : QString();
    const QJsonValue duration = meta.value(QLatin1String("duration"));
    if (duration.isDouble() && duration.toDouble() > 0
        && duration.toDouble() <= validation::kMaxVideoSeconds)
        member->duration = duration.toDouble();
    // How late this member's broadcasts arrive: its measured server-to-client
    // delay when it sends one (a high percentile: on a jittery path half the
    // quickest round trip is far too little), else half its round trip.
    const QJsonValue down = meta.value(QLatin1String("down_delay_ms"));
    const QJsonValue rtt = meta.value(QLatin1String("rtt_ms"));
    if (down.isDouble() && down.toDouble() >= 0 && down.toDouble() < 10000)
        room->oneWayDelayMs.insert(member->userId, down.toDouble());
    else if (rtt.isDouble() && rtt.toDouble() >= 0 && rtt.toDouble() < 10000)
        room->oneWayDelayMs.insert(member->userId, rtt.toDouble() / 2);
    const QJsonValue own = meta.value(QLatin1String("sync_error_ms"));
    std::optional<double> ownError;
    if (own.isDouble() && std::abs(own.toDouble()) < 1e9)
        ownError = own.toDouble();
    applyPosition(room, member, position.toDouble(),
                  meta.value(QLatin1String("is_playing")).toBool(member->isPlaying), ownError,
                  oldStatus != member->playerStatus);
}

int MemberService::expireSilent(qint64 now)
{
    int expired = 0;
    const qint64 cutoff = now - m_ctx.config->presenceTimeoutMs;
    for (LiveRoom *room : m_ctx.live->all()) {
        for (MemberRecord &m : room->members) {
            if (!m.isOnline || m.lastHeartbeat >= cutoff)
                continue;
            // Its reports go to the node that holds its socket, which alone knows how fresh
            // they are (here its heartbeat is as old as the row last read): that node decides.
            // Deciding here too marked every other node's member offline 10 s after it was
            // read, in the store and to every subscriber, each second anew.
            if (room->connections.value(m.userId) == 0 && room->elsewhere.contains(m.userId))
                continue;
            const TableRow before = m.toRow();
            m.isOnline = false;
            room->dirty.insert(m.userId);
            m_ctx.events->tableChange(QStringLiteral("room_members"),
                                      RoomEvents::ChangeType::Update, m.toRow(), before);
            ++expired;
        }
    }
    return expired;
}

void MemberService::applyPosition(LiveRoom *room, MemberRecord *member, double position,
                                  bool playing, std::optional<double> ownErrorMs,
                                  bool playerChanged)
{
    const qint64 now = ServiceContext::now();
    const RoomState &state = room->room.state;
    // A native client measures its error against the server clock far more
    // precisely than the server can from a report that took a network trip
    // to arrive, so its own figure wins when it sends one.
    const double offsetMs = ownErrorMs.value_or((position - state.expectedPosition(now)) * 1000);
    const bool stateStarted = now >= state.serverTimeMs;
    // A player that cannot show the video is never in sync, whatever position it reports.
    const bool canPlay = member->playerStatus != PlayerStatus::Error
        && member->playerStatus != PlayerStatus::Loading;
    const bool synced = canPlay && std::abs(offsetMs) <= m_ctx.config->syncToleranceMs
        && (!stateStarted || playing == state.playing);
    const bool statusChanged = synced != member->isSynced || !member->isOnline || playerChanged;
    // Rows are built only for a change event: most reports change nothing.
    std::optional<TableRow> before;
    if (statusChanged)
        before = member->toRow();
    member->position = position;
    member->isPlaying = playing;
    member->syncOffsetMs = offsetMs;
    member->isSynced = synced;
    member->lastHeartbeat = now;
    if (room->isOnline(member->userId))
        member->isOnline = true;
    room->dirty.insert(member->userId);
    // Position reports arrive every 3 s per member; only a change of status
    // is worth a store-change event to every subscriber.
    if (statusChanged)
        m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Update,
                                  member->toRow(), *before);
}

} // namespace watchium::server
