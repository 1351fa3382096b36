#pragma once

#include "realtime/PeerRelay.h"
#include "rooms/RoomEvents.h"

#include <QJsonArray>
#include <QObject>
#include <QTimer>

namespace watchium::server {

class ClusterBus;

// What happens on this node, for the other nodes of its cluster: room services' events go to the
// local hub as before and onto the bus; members' broadcasts and presence come from the hub.
// Presence diffs of one event-loop turn travel together, since a big room tracks often.
class ClusterPublisher : public QObject, public RoomEvents, public PeerRelay
{
    Q_OBJECT

public:
    ClusterPublisher(RoomEvents *local, ClusterBus *bus, QObject *parent = nullptr);

    // RoomEvents
    void roomBroadcast(const QString &roomId, const QString &event,
                       const QJsonObject &payload) override;
    void tableChange(const QString &table, ChangeType type, const TableRow &row,
                     const TableRow &oldRow) override;
    void roomClosed(const QString &roomId) override;
    void memberRemoved(const QString &roomId, const QString &userId) override;
    void memberOnline(const QString &roomId, const QString &userId, bool online) override;

    // PeerRelay
    void relayMessage(const protocol::Message &message) override;
    void relayBinary(const QString &topic, const QString &event,
                     const QByteArray &payload) override;
    void relayPresence(const QString &topic, const QString &key, const QJsonObject &joined,
                       const QJsonObject &left) override;

    // Sends the presence diffs not yet sent (before a snapshot, and at shutdown).
    void flushPresence();

private:
    RoomEvents *m_local;
    ClusterBus *m_bus;
    QJsonArray m_presence;
    int m_presenceBytes = 0;
    QTimer m_presenceFlush;
};

} // namespace watchium::server
