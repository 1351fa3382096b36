#pragma once

#include <QJsonObject>
#include <QObject>

namespace watchium::server {

class ClusterBus;
class ClusterPublisher;
class LiveRooms;
class RealtimeHub;
class RoomService;

namespace envelope {
struct Decoded;
}

// Applies what the other nodes of a cluster announce to this node: their events reach this
// node's sockets, and the rooms this node holds in memory are read again where another node
// changed them.
class ClusterReceiver : public QObject
{
    Q_OBJECT

public:
    ClusterReceiver(ClusterBus *bus, ClusterPublisher *publisher, RealtimeHub *hub, LiveRooms *live,
                    RoomService *rooms, QObject *parent = nullptr);

    // Asks the nodes already running for what they hold (after start).
    void greet();
    qint64 refused() const { return m_refused; }

private:
    void onEnvelope(const QJsonObject &envelope);
    void apply(const envelope::Decoded &d);
    void tableChanged(const envelope::Decoded &d);
    void answerHello(const QString &nodeId);
    // Node `nodeId` says which members it holds now: it replaces what this node thought.
    void takeSnapshot(const envelope::Decoded &d);
    // The listening connection is back after envelopes were lost: rooms and members held here
    // are read again from the store, and the others asked for what they hold.
    void catchUp();
    QJsonObject localOnline() const;

    ClusterBus *m_bus;
    ClusterPublisher *m_publisher;
    RealtimeHub *m_hub;
    LiveRooms *m_live;
    RoomService *m_rooms;
    qint64 m_refused = 0;
};

} // namespace watchium::server
