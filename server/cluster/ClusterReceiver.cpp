#include "cluster/ClusterReceiver.h"

#include "cluster/ClusterBus.h"
#include "cluster/ClusterPublisher.h"
#include "cluster/Envelope.h"
#include "Logging.h"
#include "realtime/RealtimeHub.h"
#include "rooms/LiveRooms.h"
#include "rooms/RoomService.h"
#include "rooms/StatePublisher.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSet>

namespace watchium::server {

using envelope::Kind;

ClusterReceiver::ClusterReceiver(ClusterBus *bus, ClusterPublisher *publisher, RealtimeHub *hub,
                                 LiveRooms *live, RoomService *rooms, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_publisher(publisher)
    , m_hub(hub)
    , m_live(live)
    , m_rooms(rooms)
{
    connect(bus, &ClusterBus::envelopeReceived, this, &ClusterReceiver::onEnvelope);
    connect(bus, &ClusterBus::listenerRestored, this, &ClusterReceiver::catchUp);
}

void ClusterReceiver::greet()
{
    m_bus->publish(envelope::hello());
}

void ClusterReceiver::onEnvelope(const QJsonObject &envelope)
{
    const auto decoded = envelope::decode(envelope);
    if (!decoded) {
        ++m_refused;
        qCWarning(lcCluster) << "ignored a malformed envelope:" << envelope;
        return;
    }
    apply(*decoded);
}

void ClusterReceiver::apply(const envelope::Decoded &d)
{
    switch (d.kind) {
    case Kind::RoomBroadcast:
        if (d.event == QLatin1String("queue_changed")) {
            // Read again from the store when next used.
            if (LiveRoom *room = m_live->get(d.roomId))
                room->queue.reset();
        }
        m_hub->roomBroadcast(d.roomId, d.event, d.payload);
        return;
    case Kind::TableChange:
        tableChanged(d);
        return;
    case Kind::RoomClosed:
        m_hub->roomClosed(d.roomId);
        m_live->drop(d.roomId);
        return;
    case Kind::MemberRemoved:
        m_live->reloadMember(d.roomId, d.userId);
        m_hub->memberRemoved(d.roomId, d.userId);
        return;
    case Kind::MemberOnline:
        m_rooms->memberOnlineElsewhere(d.roomId, d.userId, d.node, d.online, false);
        return;
    case Kind::Message:
        m_hub->peerMessage(d.message);
        return;
    case Kind::Binary:
        m_hub->peerBinary(d.message.topic, d.message.event, d.message.binaryPayload);
        return;
    case Kind::Presence:
        for (const envelope::PresenceDiff &diff : d.diffs)
            m_hub->peerPresence(d.node, diff.topic, diff.key, diff.joined, diff.left);
        return;
    case Kind::Hello:
        if (!d.to.isEmpty() && d.to != m_bus->nodeId())
            return;
        answerHello(d.node);
        // Its first hello may have come while this node was deaf too (one database restart
        // drops every node's listening connection): this node asks that node alone for the
        // answer it may have missed (to all, every node would answer every node).
        if (d.online)
            m_bus->publish(envelope::hello(false, d.node));
        return;
    case Kind::Snapshot:
        if (d.to == m_bus->nodeId())
            takeSnapshot(d);
        return;
    }
}

void ClusterReceiver::takeSnapshot(const envelope::Decoded &d)
{
    m_hub->peerPresenceSnapshot(d.node, d.presence);
    QSet<QPair<QString, QString>> held;
    for (auto room = d.onlineMembers.begin(); room != d.onlineMembers.end(); ++room) {
        for (const QJsonValue &user : room.value().toArray())
            held.insert({room.key(), user.toString()});
    }
    // A member this node still counts on `d.node` but the node no longer holds: the envelope
    // that said it left was lost (this node's listening connection dropped meanwhile).
    for (const auto &[roomId, userId] : m_live->heldBy(d.node)) {
        if (!held.contains({roomId, userId}))
            m_rooms->memberOnlineElsewhere(roomId, userId, d.node, false, false);
    }
    for (const auto &[roomId, userId] : std::as_const(held))
        m_rooms->memberOnlineElsewhere(roomId, userId, d.node, true, false);
}

void ClusterReceiver::catchUp()
{
    QStringList roomIds;
    for (const LiveRoom *room : m_live->all())
        roomIds.append(room->room.roomId);
    for (const QString &roomId : std::as_const(roomIds)) {
        const qint64 seqBefore = m_live->held(roomId)->room.state.seq;
        m_live->reloadRoom(roomId);
        LiveRoom *room = m_live->get(roomId);
        if (!room) {
            // Deleted meanwhile: its RoomClosed was among the lost envelopes.
            m_hub->roomClosed(roomId);
            continue;
        }
        // Its queue_changed may be lost too: read the queue again when next used.
        room->queue.reset();
        for (const QString &userId : m_live->reloadMembers(roomId)) {
            // Removed meanwhile (a kick, a leave through another node).
            m_hub->memberRemoved(roomId, userId);
        }
        if (room->room.state.seq != seqBefore) {
            // A control this node did not hear: its members take the state they missed, as
            // from a `state` broadcast (to this node's sockets only; the others heard it).
            m_hub->roomBroadcast(roomId, QStringLiteral("state"),
                                 StatePublisher::announcement(
                                     room, room->room.state,
                                     {QStringLiteral("state"),
                                      QStringLiteral("caught_up"),
                                      {},
                                      {},
                                      {{QStringLiteral("reason"), QStringLiteral("caught_up")}}},
                                     ServiceContext::now()));
        }
    }
    m_bus->publish(envelope::hello(true));
}

void ClusterReceiver::tableChanged(const envelope::Decoded &d)
{
    const QJsonObject &record =
        d.changeType == RoomEvents::ChangeType::Delete ? d.oldRow.record : d.row.record;
    const QString roomId = record.value(QLatin1String("room_id")).toString();
    if (d.table == QLatin1String("rooms") && d.changeType != RoomEvents::ChangeType::Delete)
        m_live->reloadRoom(roomId);
    else if (d.table == QLatin1String("room_members")) {
        const QString userId = record.value(QLatin1String("user_id")).toString();
        m_live->reloadMember(roomId, userId);
        if (d.changeType != RoomEvents::ChangeType::Delete)
            m_live->takeAnnouncedStatus(roomId, userId, d.node, record);
    }
    m_hub->tableChange(d.table, d.changeType, d.row, d.oldRow);
}

void ClusterReceiver::answerHello(const QString &nodeId)
{
    // Diffs still waiting would otherwise arrive after the snapshot that already holds them.
    m_publisher->flushPresence();
    m_bus->publish(envelope::snapshot(nodeId, m_hub->localPresence(), localOnline()));
}

QJsonObject ClusterReceiver::localOnline() const
{
    QJsonObject online;
    for (const LiveRoom *room : m_live->all()) {
        QJsonArray users;
        for (auto it = room->connections.cbegin(); it != room->connections.cend(); ++it) {
            if (it.value() > 0)
                users.append(it.key());
        }
        if (!users.isEmpty())
            online.insert(room->room.roomId, users);
    }
    return online;
}

} // namespace watchium::server
