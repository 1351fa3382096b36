#pragma once

// Rows a store test writes straight through RoomStore and MemberStore: a room with every
// column the schema requires, and its members by number ("member-0007").
#include "store/Records.h"

namespace watchium::test {

inline QString storeMemberId(int index)
{
    return QStringLiteral("member-%1").arg(index, 4, 10, QLatin1Char('0'));
}

// Hosted by member 0; `at` is every timestamp.
inline server::RoomRecord storeRoom(const QString &roomId, qint64 at)
{
    server::RoomRecord room;
    room.roomId = roomId;
    room.title = QStringLiteral("store test");
    room.animeId = QStringLiteral("anime");
    room.animeTitle = QStringLiteral("Anime");
    room.videoUrl = QStringLiteral("https://example.invalid/episode.mp4");
    room.hostUserId = storeMemberId(0);
    room.hostUsername = room.hostUserId;
    room.createdAt = room.updatedAt = room.lastActivityAt = at;
    return room;
}

inline server::MemberRecord storeMember(const QString &roomId, int index, qint64 at)
{
    server::MemberRecord m;
    m.roomId = roomId;
    m.userId = storeMemberId(index);
    m.username = m.userId;
    m.tokenHash = QStringLiteral("hash-%1").arg(index);
    m.joinedAt = m.lastHeartbeat = at;
    return m;
}

} // namespace watchium::test
