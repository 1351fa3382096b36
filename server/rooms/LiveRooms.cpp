#include "rooms/LiveRooms.h"

#include <QCryptographicHash>

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
    auto *room = new LiveRoom {*record, {}, {}, {}, {}, {}, {}};
    for (MemberRecord &m : m_memberStore->list(roomId)) {
        // Nobody is connected to a room just loaded, whatever the row says.
        m.isOnline = false;
        m_tokens.insert(m.tokenHash, {roomId, m.userId});
        room->members.insert(m.userId, m);
    }
    m_rooms.insert(roomId, room);
    return room;
}

LiveRoom *LiveRooms::adopt(const RoomRecord &record, const MemberRecord &host)
{
    auto *room = new LiveRoom {record, {{host.userId, host}}, {}, {}, {}, {}, {}};
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
        return ApiError {403, QStringLiteral("token_required"),
                         QStringLiteral("this action needs the member token that rooms-create "
                                        "or rooms-join returned")};
    }
    const QString hash = hashToken(token);
    QPair<QString, QString> owner = m_tokens.value(hash);
    if (owner.first.isEmpty()) {
        if (const auto m = m_memberStore->findByTokenHash(hash))
            owner = {m->roomId, m->userId};
    }
    const ApiError invalid {403, QStringLiteral("invalid_token"),
                            QStringLiteral("the member token is not valid for this room")};
    if (owner.first.isEmpty() || (!roomId.isEmpty() && owner.first != roomId))
        return invalid;
    LiveRoom *room = get(owner.first);
    MemberRecord *member = room ? room->member(owner.second) : nullptr;
    if (!member || member->tokenHash != hash)
        return invalid;
    m_tokens.insert(hash, owner);
    if (!claimedUserId.isEmpty() && claimedUserId != member->userId) {
        return ApiError {403, QStringLiteral("invalid_token"),
                         QStringLiteral("user_id does not match the member token")};
    }
    return Member {room, member};
}

ApiError LiveRooms::roomNotFound()
{
    return {404, QStringLiteral("room_not_found"),
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
    QList<MemberRecord> batch;
    for (LiveRoom *room : std::as_const(m_rooms)) {
        for (const QString &userId : std::as_const(room->dirty)) {
            if (const MemberRecord *m = room->member(userId))
                batch.append(*m);
        }
        room->dirty.clear();
    }
    if (!batch.isEmpty())
        m_memberStore->updatePresence(batch);
    return int(batch.size());
}

} // namespace watchium::server
