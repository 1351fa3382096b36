#pragma once

#include "rooms/ServiceContext.h"

#include <QHash>
#include <QObject>

namespace watchium::server {

class CommentService;
class HostAuthority;
class QueueService;

// Room lifecycle: create, join, leave, delete, the public directory, and
// who is connected (HostAuthority passes the host role on).
class RoomService : public QObject
{
    Q_OBJECT

public:
    RoomService(ServiceContext context, CommentService *comments, QObject *parent = nullptr);

    Outcome create(const QJsonObject &body, const Caller &caller);
    Outcome join(const QJsonObject &body, const Caller &caller);
    Outcome leave(const QJsonObject &body, const Caller &caller);
    Outcome remove(const QJsonObject &body, const Caller &caller);
    Outcome listPublic(const QJsonObject &body);

    // A member's sockets come and go; the last one closing starts the host's
    // grace period, a socket opening ends it.
    void memberConnected(const QString &roomId, const QString &userId);
    void memberDisconnected(const QString &roomId, const QString &userId);
    // The same through another node of a cluster. `actForRoom`: this node is the one to start
    // the host's grace period when the host is gone from every node (see ClusterWatch).
    void memberOnlineElsewhere(const QString &roomId, const QString &userId, const QString &nodeId,
                               bool online, bool actForRoom);

    // Removes the room and tells its channels; used by delete and cleanup.
    void closeRoom(const QString &roomId, const QString &reason);
    // Removes one member (leave, cleanup of stale members), passing host on.
    void removeMember(LiveRoom *room, const QString &userId, const QString &reason);
    // Join replies carry the room's queue.
    void setQueue(QueueService *queue) { m_queue = queue; }

private:
    // Whether `accessKey` opens private `room` for `caller`: the refusal to answer, if any.
    std::optional<ApiError> judgeKey(const LiveRoom &room, const QString &accessKey,
                                     const Caller &caller);

    ServiceContext m_ctx;
    CommentService *m_comments;
    HostAuthority *m_host;
    QueueService *m_queue = nullptr;
};

} // namespace watchium::server
