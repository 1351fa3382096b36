#include "rooms/LiveRooms.h"
#include "protocol/ErrorCodes.h"

#include <QCryptographicHash>

#include <algorithm>
#include <limits>

namespace watchium::server {

MemberRecord *LiveRoom::member(const QString &userId)
{
    auto it = members.find(userId);
    return it == members.end() ? nullptr : &*it;
}

LiveRooms::LiveRooms(RoomStore *rooms, MemberStore *members)
    : m_roomStore(rooms)
    , m_memberStore(members)
{
}

LiveRooms::~LiveRooms()
{
    qDeleteAll(m_rooms);
}

QString LiveRooms::hashToken(const QString &token)
{
    // Only a hash is stored, so a leaked database does not leak live tokens.
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

LiveRoom *LiveRooms::get(const QString &roomId)
{
    if (LiveRoom *room = m_rooms.value(roomId))
        return room;
    const auto record = m_roomStore->find(roomId);
    if (!record)
        return nullptr;
    auto *room = new LiveRoom {*record, {}, {}, {}, {}, {}, {}, m_elsewhere.value(roomId)};
    for (MemberRecord &m : m_memberStore->list(roomId)) {
        // Nobody is connected to a room just loaded, whatever the row says.
        m.isOnline = false;
        m_tokens.insert(m.tokenHash, {roomId, m.userId});
        room->members.insert(m.userId, m);
    }
    m_rooms.insert(roomId, room);
    return room;
}

bool LiveRooms::rowVisibleIn(const QString &table, const QJsonObject &row,
                             const QString &channelRoomId)
{
    const QString roomId = row.value(QLatin1String("room_id")).toString();
    if (roomId.isEmpty() || roomId == channelRoomId)
        return true;
    if (table == QLatin1String("rooms"))
        return row.value(QLatin1String("is_public")).toBool();
    const LiveRoom *room = get(roomId);
    return room && room->room.isPublic;
}

LiveRoom *LiveRooms::addCreated(const RoomRecord &record, const MemberRecord &host)
{
    auto *room = new LiveRoom {record, {{host.userId, host}},           {}, {}, {}, {},
                               {},     m_elsewhere.value(record.roomId)};
    m_tokens.insert(host.tokenHash, {record.roomId, host.userId});
    delete m_rooms.value(record.roomId);
    m_rooms.insert(record.roomId, room);
    return room;
}

void LiveRooms::drop(const QString &roomId)
{
    LiveRoom *room = m_rooms.take(roomId);
    if (!room)
        return;
    for (const MemberRecord &m : std::as_const(room->members))
        m_tokens.remove(m.tokenHash);
    delete room;
}

QList<LiveRoom *> LiveRooms::all()
{
    return m_rooms.values();
}

std::variant<ApiError, LiveRooms::Member>
LiveRooms::authenticate(const QString &token, const QString &roomId, const QString &claimedUserId)
{
    if (token.isEmpty()) {
        return ApiError {403, protocol::errors::kTokenRequired,
                         QStringLiteral("this action needs the member token that rooms-create "
                                        "or rooms-join returned")};
    }
    const QString hash = hashToken(token);
    QPair<QString, QString> owner = m_tokens.value(hash);
    if (owner.first.isEmpty()) {
        if (const auto m = m_memberStore->findByTokenHash(hash))
            owner = {m->roomId, m->userId};
    }
    const ApiError invalid {403, protocol::errors::kInvalidToken,
                            QStringLiteral("the member token is not valid for this room")};
    if (owner.first.isEmpty() || (!roomId.isEmpty() && owner.first != roomId))
        return invalid;
    LiveRoom *room = get(owner.first);
    MemberRecord *member = room ? room->member(owner.second) : nullptr;
    if (room && (!member || member->tokenHash != hash)) {
        // Joined, or joined again, through another node a moment ago: the store knows.
        reloadMember(owner.first, owner.second);
        member = room->member(owner.second);
    }
    if (!member || member->tokenHash != hash)
        return invalid;
    m_tokens.insert(hash, owner);
    if (!claimedUserId.isEmpty() && claimedUserId != member->userId) {
        return ApiError {403, protocol::errors::kInvalidToken,
                         QStringLiteral("user_id does not match the member token")};
    }
    return Member {room, member};
}

ApiError LiveRooms::roomNotFound()
{
    return {404, protocol::errors::kRoomNotFound,
            QStringLiteral("no room with that ID (it may have been deleted)")};
}

std::variant<ApiError, LiveRoom *> LiveRooms::viewable(const QString &roomId, const QString &token)
{
    LiveRoom *room = get(roomId);
    if (!room)
        return roomNotFound();
    if (!room->room.isPublic) {
        const auto auth = authenticate(token, roomId);
        if (const auto *error = std::get_if<ApiError>(&auth))
            return *error;
    }
    return room;
}

int LiveRooms::flushPresence()
{
    queuePresence();
    const qsizetype rows = m_presenceQueue.size() - m_presenceWritten;
    writeQueuedPresence(std::numeric_limits<int>::max());
    if (m_presenceWriter)
        m_presenceWriter->drain();
    return int(rows);
}

void LiveRooms::queuePresence()
{
    m_presenceQueue.remove(0, m_presenceWritten);
    m_presenceWritten = 0;
    for (LiveRoom *room : std::as_const(m_rooms)) {
        for (const QString &userId : std::as_const(room->dirty)) {
            MemberRecord *m = room->member(userId);
            if (m && !m->presenceQueued) {
                m->presenceQueued = true;
                m_presenceQueue.append({m->id, room->room.roomId, userId});
            }
        }
        room->dirty.clear();
    }
    // Row id order: a share is then rows on neighbouring pages of the table, so its transaction
    // writes few pages (the store orders each share's locks itself).
    std::sort(m_presenceQueue.begin(), m_presenceQueue.end(),
              [](const QueuedPresence &a, const QueuedPresence &b) { return a.rowId < b.rowId; });
}

int LiveRooms::writeQueuedPresence(int maxRows)
{
    QList<MemberRecord> batch;
    while (m_presenceWritten < m_presenceQueue.size() && batch.size() < maxRows) {
        const QueuedPresence &q = m_presenceQueue.at(m_presenceWritten++);
        LiveRoom *room = m_rooms.value(q.roomId);
        // As the member is now: it may have reported again since it was queued, or left.
        if (MemberRecord *m = room ? room->member(q.userId) : nullptr) {
            m->presenceQueued = false;
            batch.append(*m);
        }
    }
    if (m_presenceWriter) {
        m_presenceWriter->submit(batch);
    } else if (!batch.isEmpty()) {
        // A row another transaction held (PostgreSQL without the writer) goes in the next
        // window, as the member is then; one whose member left is gone from the room by then.
        QList<MemberRecord> skipped;
        m_memberStore->updatePresence(std::move(batch), &skipped);
        for (const MemberRecord &s : std::as_const(skipped)) {
            if (LiveRoom *room = m_rooms.value(s.roomId); room && room->member(s.userId))
                room->dirty.insert(s.userId);
        }
    }
    if (m_presenceWritten == m_presenceQueue.size()) {
        m_presenceQueue.clear();
        m_presenceWritten = 0;
    }
    return int(m_presenceQueue.size() - m_presenceWritten);
}

void LiveRooms::reloadRoom(const QString &roomId)
{
    LiveRoom *room = m_rooms.value(roomId);
    if (!room)
        return;
    if (const auto record = m_roomStore->find(roomId))
        room->room = *record;
    else
        drop(roomId);
}

void LiveRooms::reloadMember(const QString &roomId, const QString &userId)
{
    if (LiveRoom *room = m_rooms.value(roomId))
        takeStored(room, userId, m_memberStore->find(roomId, userId));
}

QStringList LiveRooms::reloadMembers(const QString &roomId)
{
    LiveRoom *room = m_rooms.value(roomId);
    if (!room)
        return {};
    const QList<MemberRecord> stored = m_memberStore->list(roomId);
    if (stored.isEmpty())
        return {};
    QSet<QString> gone(room->members.keyBegin(), room->members.keyEnd());
    for (const MemberRecord &member : stored) {
        gone.remove(member.userId);
        takeStored(room, member.userId, member);
    }
    for (const QString &userId : std::as_const(gone))
        takeStored(room, userId, std::nullopt);
    return gone.values();
}

void LiveRooms::takeStored(LiveRoom *room, const QString &userId,
                           const std::optional<MemberRecord> &stored)
{
    MemberRecord *held = room->member(userId);
    if (held)
        m_tokens.remove(held->tokenHash);
    if (!stored) {
        room->members.remove(userId);
        room->dirty.remove(userId);
        return;
    }
    MemberRecord next = *stored;
    if (held) {
        // This node's view of the member's player is newer than the stored row.
        next.isOnline = held->isOnline;
        next.isPlaying = held->isPlaying;
        next.position = held->position;
        next.isSynced = held->isSynced;
        next.syncOffsetMs = held->syncOffsetMs;
        next.lastHeartbeat = held->lastHeartbeat;
        next.playerStatus = held->playerStatus;
        next.playerError = held->playerError;
        next.duration = held->duration;
        next.presenceQueued = held->presenceQueued; // queued once, whatever is read meanwhile
    } else {
        next.isOnline = room->isOnline(userId);
    }
    room->members.insert(userId, next);
    m_tokens.insert(next.tokenHash, {room->room.roomId, userId});
}

void LiveRooms::takeAnnouncedStatus(const QString &roomId, const QString &userId,
                                    const QString &nodeId, const QJsonObject &record)
{
    LiveRoom *room = m_rooms.value(roomId);
    MemberRecord *m = room ? room->member(userId) : nullptr;
    // A member whose reports come here: this node's own view is the newest there is.
    if (!m || room->connections.value(userId) > 0)
        return;
    if (!room->elsewhere.value(userId).contains(nodeId))
        return;
    m->isOnline = record.value(QLatin1String("is_online")).toBool(m->isOnline);
    m->isPlaying = record.value(QLatin1String("is_playing")).toBool(m->isPlaying);
    m->position = record.value(QLatin1String("current_playback_time")).toDouble(m->position);
    m->isSynced = record.value(QLatin1String("is_synced")).toBool(m->isSynced);
    m->syncOffsetMs = record.value(QLatin1String("sync_offset_ms")).toDouble(m->syncOffsetMs);
}

void LiveRooms::setOnlineElsewhere(const QString &roomId, const QString &userId,
                                   const QString &nodeId, bool online)
{
    auto apply = [&](QHash<QString, QSet<QString>> &byUser) {
        if (online) {
            byUser[userId].insert(nodeId);
            return;
        }
        auto it = byUser.find(userId);
        if (it == byUser.end())
            return;
        it->remove(nodeId);
        if (it->isEmpty())
            byUser.erase(it);
    };
    apply(m_elsewhere[roomId]);
    if (m_elsewhere[roomId].isEmpty())
        m_elsewhere.remove(roomId);
    if (LiveRoom *room = m_rooms.value(roomId))
        apply(room->elsewhere);
}

QList<QPair<QString, QString>> LiveRooms::heldBy(const QString &nodeId) const
{
    QList<QPair<QString, QString>> held;
    for (auto room = m_elsewhere.cbegin(); room != m_elsewhere.cend(); ++room) {
        for (auto user = room->cbegin(); user != room->cend(); ++user) {
            if (user->contains(nodeId))
                held.append({room.key(), user.key()});
        }
    }
    return held;
}

QList<QPair<QString, QString>> LiveRooms::forgetNode(const QString &nodeId)
{
    const QList<QPair<QString, QString>> gone = heldBy(nodeId);
    for (const auto &[roomId, userId] : gone)
        setOnlineElsewhere(roomId, userId, nodeId, false);
    return gone;
}

} // namespace watchium::server
