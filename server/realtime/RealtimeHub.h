#pragma once

#include "net/WriteCoalescer.h"
#include "protocol/Message.h"
#include "realtime/ChangeRoutes.h"
#include "realtime/ConnectionListener.h"
#include "realtime/PresenceDiffQueue.h"
#include "realtime/RemotePresence.h"
#include "rooms/RoomEvents.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace watchium::server {

class ByteStream;
class Reactor;
class LiveRooms;
class Metrics;
class PeerRelay;
class RealtimeConnection;
class WsSocket;
struct Channel;
struct ServerConfig;

// The Realtime endpoint's switchboard: accepts sockets, keeps who is
// subscribed to which topic, and fans frames out, encoding each frame once
// per serializer however many subscribers receive it. It is also where room
// services' events become channel frames.
class RealtimeHub : public QObject, public RoomEvents
{
    Q_OBJECT

public:
    RealtimeHub(const ServerConfig *config, Reactor *reactor, LiveRooms *live, Metrics *metrics,
                QObject *parent = nullptr);
    ~RealtimeHub() override;

    // Who answers the sockets' frames and closes their channels (ChannelHandler).
    void setHandler(ConnectionListener *handler) { m_handler = handler; }
    // The other nodes of a cluster, told of members' broadcasts and presence; none alone.
    void setPeerRelay(PeerRelay *relay) { m_relay = relay; }
    // A connection the HTTP layer found asking for a WebSocket, with the bytes it read (the
    // opening handshake, perhaps more): handshake, then admit().
    void takeUpgrade(std::unique_ptr<ByteStream> stream, QByteArray received);
    // An upgraded socket: refused with a close frame, or taken over as a connection.
    void admit(WsSocket *socket);
    int connectionCount() const { return int(m_connections.size()); }
    // Frames held and writes made, for /metrics.
    const WriteCoalescer &coalescer() const { return m_coalescer; }
    // Presence changes and the presence_diff frames they went out in, for /metrics.
    const PresenceDiffQueue &presenceDiffs() const { return m_presenceDiffs; }
    // Closes every socket with a normal close frame (server shutdown).
    void shutdown();

    // A joined channel: its topic subscription and its postgres_changes routes.
    void attach(RealtimeConnection *connection, const Channel &channel);
    // The channel is gone from the connection: forget both.
    void detach(RealtimeConnection *connection, const Channel &channel);
    // Sends `message` to every subscriber of its topic but `except`, on this node; with
    // `payloadJson`, that encoded payload rather than the message's own.
    void fanout(const protocol::Message &message, RealtimeConnection *except = nullptr,
                const QByteArray &payloadJson = {});
    // A member's broadcast: to this node's subscribers but `except`, and to the other nodes'.
    void memberBroadcast(const protocol::Message &message, RealtimeConnection *except);
    void broadcastBinary(const QString &topic, const QString &event, const QByteArray &payload,
                         RealtimeConnection *except);
    // Everyone tracked on `topic`, on this node and the others.
    QJsonObject presenceState(const QString &topic) const;
    // A change of this node's presence: to the topic's subscribers here and to the other nodes.
    void presenceDiff(const QString &topic, const QString &key, const PresenceMeta &joined,
                      const PresenceMeta &left);

    // What other nodes relayed, for this node's sockets only.
    void peerMessage(const protocol::Message &message) { fanout(message); }
    void peerBinary(const QString &topic, const QString &event, const QByteArray &payload);
    void peerPresence(const QString &nodeId, const QString &topic, const QString &key,
                      const QJsonObject &joined, const QJsonObject &left);
    void peerPresenceSnapshot(const QString &nodeId, const QJsonObject &snapshot);
    // A node that is gone: everyone it tracked leaves.
    void peerGone(const QString &nodeId);
    // This node's own tracked presence, {topic: {key: [meta, ...]}}, for a node that starts.
    QJsonObject localPresence() const;

    // RoomEvents
    void roomBroadcast(const QString &roomId, const QString &event,
                       const QJsonObject &payload) override;
    void tableChange(const QString &table, ChangeType type, const TableRow &row,
                     const TableRow &oldRow) override;
    void roomClosed(const QString &roomId) override;
    void memberRemoved(const QString &roomId, const QString &userId) override;

    static protocol::Message broadcastMessage(const QString &topic, const QString &event,
                                              const QJsonObject &payload);

private:
    void drop(RealtimeConnection *connection);
    void deliverBinary(const QString &topic, const QString &event, const QByteArray &payload,
                       RealtimeConnection *except);
    // To this node's subscribers of `topic`, in the topic's next presence_diff.
    void queuePresenceDiff(const QString &topic, const QString &key, const PresenceMeta &joined,
                           const PresenceMeta &left);
    void closeTimedOutSockets();
    void expireSilentPresence();

    const ServerConfig *m_config;
    Reactor *m_reactor;
    LiveRooms *m_live;
    Metrics *m_metrics;
    ConnectionListener *m_handler = nullptr;
    PeerRelay *m_relay = nullptr;
    RemotePresence m_remotePresence;
    WriteCoalescer m_coalescer; // every accepted socket's frames, one write per turn
    PresenceDiffQueue m_presenceDiffs; // this node's and the others' changes, a diff per window
    QSet<RealtimeConnection *> m_connections;
    void subscribe(RealtimeConnection *connection, const QString &topic);
    void unsubscribe(RealtimeConnection *connection, const QString &topic);

    QHash<QString, QSet<RealtimeConnection *>> m_topics;
    ChangeRoutes m_routes;
    QTimer m_heartbeatSweep;
    QTimer m_presenceSweep;
};

} // namespace watchium::server
