#include "rooms/RoomService.h"

#include "domain/KeyGenerator.h"
#include "domain/Validation.h"
#include "Logging.h"
#include "ops/Metrics.h"
#include "protocol/ErrorCodes.h"
#include "protocol/Topics.h"
#include "rooms/CommentService.h"
#include "rooms/HostAuthority.h"
#include "rooms/KeyGuessLimit.h"
#include "rooms/QueueService.h"
#include "store/Transaction.h"

#include <QJsonArray>
#include <QLoggingCategory>

namespace watchium::server {

using validation::Fields;

namespace {

constexpr int kPageMax = 100;

Outcome invalid(const Fields &f)
{
    return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
}

QJsonObject memberEvent(const MemberRecord &m)
{
    return {{QStringLiteral("user_id"), m.userId},
            {QStringLiteral("username"), m.username},
            {QStringLiteral("avatar_url"),
             m.avatarUrl.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.avatarUrl)}};
}

} // namespace

RoomService::RoomService(ServiceContext context, CommentService *comments, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_comments(comments)
    , m_host(new HostAuthority(context, this))
{
}

Outcome RoomService::create(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    RoomRecord room;
    room.title = f.text(QStringLiteral("title"), validation::kTitleMax);
    room.animeId = f.text(QStringLiteral("anime_id"), validation::kAnimeIdMax);
    room.animeTitle = f.text(QStringLiteral("anime_title"), validation::kTitleMax);
    room.episode =
        f.integer(QStringLiteral("episode_number"), 1, validation::kEpisodeMax).value_or(1);
    // An "own files" room has no URL: every member plays their own copy, and the host's file
    // (name, size, length) is what the others compare theirs to.
    const auto media = f.media(QStringLiteral("media"));
    room.media = media.value_or(MediaIdentity());
    room.videoUrl = f.httpUrl(QStringLiteral("video_url"), media.has_value());
    if (room.videoUrl.isNull())
        room.videoUrl = QLatin1String(""); // the column is NOT NULL, and a null string binds NULL
    room.hostUserId = f.text(QStringLiteral("host_user_id"), validation::kUserIdMax);
    room.hostUsername = f.text(QStringLiteral("host_username"), validation::kUsernameMax);
    const QString avatarUrl = f.httpUrl(QStringLiteral("host_avatar_url"), true);
    room.isPublic = f.boolean(QStringLiteral("is_public"), true).value_or(true);
    if (!f.ok())
        return invalid(f);
    if (auto limited =
            m_ctx.limit(RateLimiter::Kind::RoomCreation,
                        ServiceContext::claimedKey(room.hostUserId, caller.ip), caller.ip))
        return Outcome::failure(*limited);

    KeyGenerator keys(QRandomGenerator::system());
    do {
        room.roomId = keys.roomId();
    } while (m_ctx.rooms->exists(room.roomId));
    if (!room.isPublic)
        room.accessKey = keys.accessKey();
    const qint64 now = ServiceContext::now();
    room.state.serverTimeMs = now;
    room.createdAt = room.updatedAt = room.lastActivityAt = now;

    const QString token = keys.memberToken();
    MemberRecord host;
    host.roomId = room.roomId;
    host.userId = room.hostUserId;
    host.username = room.hostUsername;
    host.avatarUrl = avatarUrl;
    host.isHost = true;
    host.joinedAt = host.lastHeartbeat = now;
    host.tokenHash = LiveRooms::hashToken(token);

    std::optional<MemberRecord> stored;
    if (!m_ctx.rooms->insert(room) || !(stored = m_ctx.members->upsert(host))) {
        m_ctx.rooms->remove(room.roomId);
        return Outcome::failure(500, protocol::errors::kStoreError,
                                QStringLiteral("the room could not be saved"));
    }
    m_ctx.live->addCreated(room, *stored);
    m_comments->openThread(room);
    qCInfo(lcRooms) << "room" << room.roomId << "created by" << room.hostUserId
                    << (room.isPublic ? "(public)" : "(private)");
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Insert, room.toRow(),
                              {});
    m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Insert,
                              stored->toRow(), {});
    return Outcome::success(
        {{QStringLiteral("room"), room.toRow(true).record},
         {QStringLiteral("member"), stored->toRow().record},
         {QStringLiteral("member_token"), token},
         {QStringLiteral("realtime_channel"), protocol::topics::roomChannel(room.roomId)},
         {QStringLiteral("server_time"), now}});
}

std::optional<ApiError> RoomService::judgeKey(const LiveRoom &room, const QString &accessKey,
                                              const Caller &caller)
{
    const ApiError required {403, protocol::errors::kAccessKeyRequired,
                             QStringLiteral("this room is private: enter its access key")};
    const ApiError wrong {403, protocol::errors::kInvalidAccessKey,
                          QStringLiteral("wrong access key for this room")};
    // With limits on, the guess is judged and recorded in one unit of work, its slots locked
    // throughout.
    const qint64 now = ServiceContext::now();
    std::optional<Transaction> work;
    std::optional<KeyGuessLimit> limit;
    if (m_ctx.config->rateLimits) {
        work.emplace(m_ctx.db);
        limit.emplace(m_ctx.keyGuesses, RateLimiter::defaultRule(RateLimiter::Kind::KeyAttempts));
        if (auto refused = limit->check(caller.ip, room.room.roomId, now)) {
            if (refused->status == 429 && m_ctx.metrics)
                m_ctx.metrics->rejected(QStringLiteral("rate_limit_key_attempts"));
            return refused;
        }
    }
    if (accessKey.isEmpty())
        return required;
    if (accessKey == room.room.accessKey)
        return std::nullopt;
    if (limit && (!limit->recordWrong(caller.ip, room.room.roomId, now) || !work->commit()))
        qCWarning(lcRooms) << "a wrong key for room" << room.room.roomId << "was not counted";
    return wrong;
}

Outcome RoomService::join(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    const QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax);
    const QString username = f.text(QStringLiteral("username"), validation::kUsernameMax);
    const QString avatarUrl = f.httpUrl(QStringLiteral("avatar_url"), true);
    const QString accessKey = f.text(QStringLiteral("access_key"), 16, true);
    if (!f.ok())
        return invalid(f);
    if (auto limited = m_ctx.limit(RateLimiter::Kind::RoomManagement,
                                   ServiceContext::claimedKey(userId, caller.ip), caller.ip))
        return Outcome::failure(*limited);
    LiveRoom *room = m_ctx.live->get(roomId);
    if (!room)
        return Outcome::failure(LiveRooms::roomNotFound());

    if (!room->room.isPublic) {
        if (auto refused = judgeKey(*room, accessKey, caller))
            return Outcome::failure(*refused);
    }

    const qint64 now = ServiceContext::now();
    KeyGenerator keys(QRandomGenerator::system());
    QString token = keys.memberToken();
    bool rejoin = false;
    if (MemberRecord *existing = room->member(userId)) {
        // The same person again (the token proves it) keeps their place; anyone
        // else claiming that user_id is refused.
        if (caller.token.isEmpty() || LiveRooms::hashToken(caller.token) != existing->tokenHash)
            return Outcome::failure(409, protocol::errors::kUserIdTaken,
                                    QStringLiteral("that user_id is already in this room; "
                                                   "present its member token to rejoin"));
        token = caller.token;
        rejoin = true;
    }
    MemberRecord m;
    m.roomId = roomId;
    m.userId = userId;
    m.username = username;
    m.avatarUrl = avatarUrl;
    m.joinedAt = m.lastHeartbeat = now;
    m.tokenHash = LiveRooms::hashToken(token);
    const auto stored = m_ctx.members->upsert(m);
    if (!stored)
        return Outcome::failure(500, protocol::errors::kStoreError,
                                QStringLiteral("the membership could not be saved"));
    MemberRecord live = *stored;
    live.isOnline = room->isOnline(userId);
    room->members.insert(userId, live);
    m_ctx.rooms->touch(roomId, now);
    room->room.lastActivityAt = now;
    if (!rejoin) {
        // Re-read through authenticate's cache so the token resolves at once.
        m_ctx.live->authenticate(token, roomId);
        qCInfo(lcRooms) << "member" << userId << "joined room" << roomId;
        m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Insert,
                                  live.toRow(), {});
        m_ctx.events->roomBroadcast(roomId, QStringLiteral("member_joined"), memberEvent(live));
    }
    const bool isHost = room->room.hostUserId == userId;
    return Outcome::success(
        {{QStringLiteral("queue"), m_queue ? m_queue->snapshot(room) : QJsonValue()},
         {QStringLiteral("room"), room->room.toRow(isHost).record},
         {QStringLiteral("member"), live.toRow().record},
         {QStringLiteral("member_token"), token},
         {QStringLiteral("realtime_channel"), protocol::topics::roomChannel(roomId)},
         {QStringLiteral("member_count"), int(room->members.size())},
         {QStringLiteral("state"), room->room.state.toJson()},
         {QStringLiteral("server_time"), now}});
}

Outcome RoomService::leave(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    const QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    if (!f.ok())
        return invalid(f);
    const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    const auto member = std::get<LiveRooms::Member>(auth);
    const QString leaving = member.member->userId;
    removeMember(member.room, leaving, QStringLiteral("left"));
    return Outcome::success({{QStringLiteral("room_id"), roomId},
                             {QStringLiteral("user_id"), leaving},
                             {QStringLiteral("left"), true}});
}

Outcome RoomService::remove(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.roomId();
    if (!f.ok())
        return invalid(f);
    const auto auth = m_ctx.live->authenticate(caller.token, roomId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return Outcome::failure(*error);
    const auto member = std::get<LiveRooms::Member>(auth);
    if (member.room->room.hostUserId != member.member->userId)
        return Outcome::failure(403, protocol::errors::kNotHost,
                                QStringLiteral("only the host can delete the room"));
    if (auto limited =
            m_ctx.limit(RateLimiter::Kind::RoomManagement,
                        ServiceContext::memberKey(roomId, member.member->userId), caller.ip))
        return Outcome::failure(*limited);
    closeRoom(roomId, QStringLiteral("deleted by the host"));
    return Outcome::success(
        {{QStringLiteral("room_id"), roomId}, {QStringLiteral("deleted"), true}});
}

Outcome RoomService::listPublic(const QJsonObject &body)
{
    Fields f(body);
    const QString animeId = f.text(QStringLiteral("anime_id"), validation::kAnimeIdMax, true);
    const int limit = int(f.integer(QStringLiteral("limit"), 1, kPageMax, true).value_or(20));
    const int offset = int(f.integer(QStringLiteral("offset"), 0, 1000000, true).value_or(0));
    if (!f.ok())
        return invalid(f);
    int total = 0;
    QJsonArray rooms;
    for (const auto &entry : m_ctx.rooms->listPublic(animeId, limit, offset, &total)) {
        // A live room knows who is connected right now; the store may lag a
        // presence batch behind.
        RoomRecord record = entry.room;
        int online = entry.onlineCount;
        int count = entry.memberCount;
        if (LiveRoom *live = m_ctx.live->get(record.roomId)) {
            record = live->room;
            count = int(live->members.size());
            online = 0;
            for (auto it = live->connections.cbegin(); it != live->connections.cend(); ++it)
                online += it.value() > 0 ? 1 : 0;
        }
        QJsonObject row = record.toRow().record;
        row.insert(QStringLiteral("member_count"), count);
        row.insert(QStringLiteral("online_count"), online);
        rooms.append(row);
    }
    return Outcome::success({{QStringLiteral("rooms"), rooms},
                             {QStringLiteral("total"), total},
                             {QStringLiteral("limit"), limit},
                             {QStringLiteral("offset"), offset}});
}

void RoomService::closeRoom(const QString &roomId, const QString &reason)
{
    LiveRoom *room = m_ctx.live->get(roomId);
    if (!room)
        return;
    const TableRow row = room->room.toRow();
    m_host->forget(roomId);
    m_ctx.rooms->remove(roomId);
    m_ctx.live->drop(roomId);
    qCInfo(lcRooms) << "room" << roomId << "closed:" << reason;
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Delete, {}, row);
    m_ctx.events->roomClosed(roomId);
}

void RoomService::removeMember(LiveRoom *room, const QString &userId, const QString &reason)
{
    const MemberRecord *m = room->member(userId);
    if (!m)
        return;
    const MemberRecord gone = *m;
    const QString roomId = room->room.roomId;
    const bool wasHost = room->room.hostUserId == userId;
    const QString next = wasHost ? m_host->successor(room) : QString();
    m_ctx.members->remove(roomId, userId);
    room->members.remove(userId);
    room->dirty.remove(userId);
    room->connections.remove(userId);
    room->oneWayDelayMs.remove(userId);
    qCInfo(lcRooms) << "member" << userId << "removed from room" << roomId << "(" << reason << ")";
    m_ctx.events->memberRemoved(roomId, userId);
    m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Delete, {},
                              gone.toRow());
    m_ctx.events->roomBroadcast(roomId, QStringLiteral("member_left"), memberEvent(gone));
    if (room->members.isEmpty()) {
        closeRoom(roomId, QStringLiteral("the last member left"));
        return;
    }
    if (wasHost)
        m_host->transfer(room, next, QStringLiteral("host_left"));
}

void RoomService::memberConnected(const QString &roomId, const QString &userId)
{
    LiveRoom *room = m_ctx.live->get(roomId);
    MemberRecord *m = room ? room->member(userId) : nullptr;
    if (!m)
        return;
    if (room->connections[userId]++ == 0) {
        m->isOnline = true;
        m->lastHeartbeat = ServiceContext::now();
        room->dirty.insert(userId);
        m_ctx.events->memberOnline(roomId, userId, true);
    }
    if (room->room.hostUserId == userId)
        m_host->forget(roomId);
}

void RoomService::memberDisconnected(const QString &roomId, const QString &userId)
{
    LiveRoom *room = m_ctx.live->get(roomId);
    MemberRecord *m = room ? room->member(userId) : nullptr;
    if (!m || room->connections.value(userId) <= 0)
        return;
    if (--room->connections[userId] > 0)
        return;
    room->connections.remove(userId);
    m->isOnline = room->isOnline(userId); // still connected through another node
    room->dirty.insert(userId);
    m_ctx.events->memberOnline(roomId, userId, false);
    if (room->room.hostUserId == userId)
        m_host->hostDisconnected(roomId);
}

void RoomService::memberOnlineElsewhere(const QString &roomId, const QString &userId,
                                        const QString &nodeId, bool online, bool actForRoom)
{
    m_ctx.live->setOnlineElsewhere(roomId, userId, nodeId, online);
    // A member going offline elsewhere changes only a room held here: one not held reads its
    // rows when it is next used.
    LiveRoom *room = actForRoom || online ? m_ctx.live->get(roomId) : m_ctx.live->held(roomId);
    MemberRecord *m = room ? room->member(userId) : nullptr;
    if (!m)
        return;
    const bool isOnline = room->isOnline(userId);
    if (m->isOnline != isOnline && actForRoom) {
        // Only the node acting for the room writes it, so nodes do not write over each other.
        room->dirty.insert(userId);
    }
    m->isOnline = isOnline;
    if (room->room.hostUserId != userId)
        return;
    if (isOnline)
        m_host->forget(roomId);
    else if (actForRoom)
        m_host->hostDisconnected(roomId);
}

} // namespace watchium::server
