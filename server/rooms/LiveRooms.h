#pragma once

#include "domain/RoomQueue.h"
#include "rooms/Outcome.h"
#include "store/MemberStore.h"
#include "store/PresenceWriter.h"
#include "store/Records.h"
#include "store/RoomStore.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <variant>

namespace watchium::server {

// A room in memory while anyone uses it: the store row, its members, how many
// sockets each member has open, and which members' presence is not yet saved.
struct LiveRoom
{
    RoomRecord room;
    // By user_id. A map: Qt's hash reserves 48 entries at its first insert, 11 KiB per room
    // for a room of a handful.
    QMap<QString, MemberRecord> members;
    QMap<QString, int> connections; // open member sockets by user_id
    QSet<QString> dirty; // presence fields to persist
    QMap<QString, double> oneWayDelayMs; // from presence, for the control lead
    // Members a group wait timed out on: not waited for again until then (server ms), so one
    // member on a slow line does not stop the room every few seconds.
    QHash<QString, qint64> waitExcludedUntil;
    // What plays next; loaded from the store on first use (QueueService).
    std::optional<RoomQueue> queue;

    // Members connected to other nodes of a cluster: user_id -> those nodes' ids.
    QHash<QString, QSet<QString>> elsewhere;

    MemberRecord *member(const QString &userId);
    bool isOnline(const QString &userId) const
    {
        return connections.value(userId) > 0 || elsewhere.contains(userId);
    }
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
    // The room if it is held here now, never loading it.
    LiveRoom *held(const QString &roomId) const { return m_rooms.value(roomId); }
    // Whether a row change reaches a channel of room `channelRoomId` (empty: a channel on no
    // room): a private room's rows reach only that room's own channel.
    bool rowVisibleIn(const QString &table, const QJsonObject &row, const QString &channelRoomId);
    // A room just created, with its host: held from now on.
    LiveRoom *addCreated(const RoomRecord &room, const MemberRecord &host);
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

    // Writes the dirty presence fields of every live room now.
    int flushPresence();
    // The same a share at a time: queuePresence() takes every dirty member into a queue in row
    // order, writeQueuedPresence() writes the next `maxRows` of it as they are then, in one
    // transaction, and returns how many are still queued.
    void queuePresence();
    int writeQueuedPresence(int maxRows);
    // Presence rows go to `writer` (its own thread and connection) instead of the store on
    // this thread; null for the store. Not owned.
    void setPresenceWriter(PresenceWriter *writer) { m_presenceWriter = writer; }

    // Another node of the cluster changed the room's row, or one member's: read it again,
    // keeping what only this node knows (its sockets, presence not yet saved). A room not held
    // here is left to load when used.
    void reloadRoom(const QString &roomId);
    void reloadMember(const QString &roomId, const QString &userId);
    // All of the room's members at once (one query), as reloadMember does for one; returns the
    // members no longer in the store. A read that fails (no rows at all: a room always has its
    // host) changes nothing.
    QStringList reloadMembers(const QString &roomId);
    // Node `nodeId` announced the member's row `record` (a room_members change): when her socket
    // is there and not here, its online, play and sync fields are newer than this node's copy
    // and than the store, which that node writes a presence window later. Another node's copy
    // (a profile change, a host change made there) is not.
    void takeAnnouncedStatus(const QString &roomId, const QString &userId, const QString &nodeId,
                             const QJsonObject &record);
    // The member is connected (or no longer) through node `nodeId`.
    void setOnlineElsewhere(const QString &roomId, const QString &userId, const QString &nodeId,
                            bool online);
    // The (room, user) pairs this node counts online through node `nodeId`.
    QList<QPair<QString, QString>> heldBy(const QString &nodeId) const;
    // Node `nodeId` is gone: the (room, user) pairs that were online only through it.
    QList<QPair<QString, QString>> forgetNode(const QString &nodeId);
    int roomCount() const { return int(m_rooms.size()); }

private:
    // Takes the member's row as stored (none: it left), keeping what only this node knows.
    void takeStored(LiveRoom *room, const QString &userId,
                    const std::optional<MemberRecord> &stored);

    RoomStore *m_roomStore;
    MemberStore *m_memberStore;
    PresenceWriter *m_presenceWriter = nullptr;
    QHash<QString, LiveRoom *> m_rooms;
    QHash<QString, QPair<QString, QString>> m_tokens; // token hash -> (room, user)
    // LiveRoom::elsewhere of every room, held here too so a room loaded later starts with it.
    QHash<QString, QHash<QString, QSet<QString>>> m_elsewhere;
    struct QueuedPresence
    {
        qint64 rowId;
        QString roomId;
        QString userId;
    };
    QList<QueuedPresence> m_presenceQueue; // in row id order
    qsizetype m_presenceWritten = 0; // written up to here
};

} // namespace watchium::server
