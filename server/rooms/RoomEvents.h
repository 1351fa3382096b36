#pragma once

#include "store/Records.h"

#include <QJsonObject>
#include <QString>

namespace watchium::server {

// Where the room services announce what happened; the realtime hub turns
// these into channel frames. Kept abstract so services are tested without
// sockets and the hub without SQL.
class RoomEvents
{
public:
    virtual ~RoomEvents() = default;

    enum class ChangeType { Insert, Update, Delete };

    // A server-originated broadcast on `room:<roomId>` (play, pause, seek,
    // member_joined, member_left, new_host, new_comment, ...).
    virtual void roomBroadcast(const QString &roomId, const QString &event,
                               const QJsonObject &payload) = 0;
    // A store change, delivered as postgres_changes to matching bindings.
    virtual void tableChange(const QString &table, ChangeType type, const TableRow &row,
                             const TableRow &oldRow) = 0;
    // The room is gone: its channels are closed.
    virtual void roomClosed(const QString &roomId) = 0;
    // The member left or was removed: its sockets lose the member identity.
    virtual void memberRemoved(const QString &roomId, const QString &userId) = 0;
    // The member's first socket on this node opened, or its last one closed. Only the other
    // nodes of a cluster need it: this node's sockets already know.
    virtual void memberOnline(const QString &roomId, const QString &userId, bool online)
    {
        Q_UNUSED(roomId);
        Q_UNUSED(userId);
        Q_UNUSED(online);
    }
};

} // namespace watchium::server
