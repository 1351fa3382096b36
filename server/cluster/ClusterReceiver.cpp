#include "cluster/ClusterReceiver.h"

#include "cluster/ClusterBus.h"
#include "cluster/ClusterPublisher.h"
#include "cluster/Envelope.h"
#include "Logging.h"
#include "realtime/RealtimeHub.h"
#include "rooms/LiveRooms.h"
#include "rooms/RoomService.h"

#include <QJsonArray>
#include <QLoggingCategory>

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
        answerHello(d.node);
        return;
    case Kind::Snapshot:
        if (d.to != m_bus->nodeId())
            return;
        m_hub->peerPresenceSnapshot(d.node, d.presence);
        for (auto room = d.onlineMembers.begin(); room != d.onlineMembers.end(); ++room) {
            for (const QJsonValue &user : room.value().toArray())
                m_rooms->memberOnlineElsewhere(room.key(), user.toString(), d.node, true, false);
        }
        return;
    }
}

void ClusterReceiver::tableChanged(const envelope::Decoded &d)
{
    const QJsonObject &record =
        d.changeType == RoomEvents::ChangeType::Delete ? d.oldRow.record : d.row.record;
    const QString roomId = record.value(QLatin1String("room_id")).toString();
    if (d.table == QLatin1String("rooms") && d.changeType != RoomEvents::ChangeType::Delete)
        m_live->reloadRoom(roomId);
    else if (d.table == QLatin1String("room_members"))
        m_live->reloadMember(roomId, record.value(QLatin1String("user_id")).toString());
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
