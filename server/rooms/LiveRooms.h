#pragma once

#include "domain/RoomQueue.h"
#include "rooms/Outcome.h"
#include "store/MemberStore.h"
#include "store/Records.h"
#include "store/RoomStore.h"

#include <QHash>
#include <QSet>

#include <variant>

namespace watchium::server {

// A room in memory while anyone uses it: the store row, its members, how many
// sockets each member has open, and which members' presence is not yet saved.
struct LiveRoom
{
    RoomRecord room;
    QHash<QString, MemberRecord> members; // by user_id
    QHash<QString, int> connections; // open member sockets by user_id
    QSet<QString> dirty; // presence fields to persist
    QHash<QString, double> oneWayDelayMs; // from presence, for the control lead
    // Members a group wait timed out on: not waited for again until then (server ms), so one
    // member on a slow line does not stop the room every few seconds.
    QHash<QString, qint64> waitExcludedUntil;
    // What plays next; loaded from the store on first use (QueueService).
    std::optional<RoomQueue> queue;

    MemberRecord *member(const QString &userId);
    bool isOnline(const QString &userId) const { return connections.value(userId) > 0; }
};

// The cache of live rooms in front of the store, and member authentication.
// The server is the store's only writer, so the cache is the truth for rooms
// it holds; every change is written through except presence, which is
// flushed in batches.
class LiveRooms
{
public:
    LiveRooms(RoomStore *rooms, MemberStore *members);
    ~LiveRooms();
    LiveRooms(const LiveRooms &) = delete;
    LiveRooms &operator=(const LiveRooms &) = delete;

    static QString hashToken(const QString &token);

    // Loads the room on first use; nullptr when it does not exist.
    LiveRoom *get(const QString &roomId);
    LiveRoom *adopt(const RoomRecord &room, const MemberRecord &host);
    void drop(const QString &roomId);
    QList<LiveRoom *> all();

    struct Member
    {
        LiveRoom *room;
        MemberRecord *member;
    };
    // The member the token belongs to, checked against `roomId` when given,
    // and against the user_id the request claims to act for, when it claims one.
    std::variant<ApiError, Member> authenticate(const QString &token, const QString &roomId = {},
                                                const QString &claimedUserId = {});

    // The room, if it exists and the caller may see it: anyone sees a public
    // room, a private one only its members (by token).
    std::variant<ApiError, LiveRoom *> viewable(const QString &roomId, const QString &token);
    static ApiError roomNotFound();

    // Writes the dirty presence fields of every live room in one transaction.
    int flushPresence();
    int roomCount() const { return int(m_rooms.size()); }

private:
    RoomStore *m_roomStore;
    MemberStore *m_memberStore;
    QHash<QString, LiveRoom *> m_rooms;
    QHash<QString, QPair<QString, QString>> m_tokens; // token hash -> (room, user)
};

} // namespace watchium::server
