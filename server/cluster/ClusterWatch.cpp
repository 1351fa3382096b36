#include "cluster/ClusterWatch.h"

#include "cluster/ClusterBus.h"
#include "Logging.h"
#include "realtime/RealtimeHub.h"
#include "rooms/LiveRooms.h"
#include "rooms/RoomService.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>

namespace watchium::server {

ClusterWatch::ClusterWatch(ClusterBus *bus, RealtimeHub *hub, LiveRooms *live, RoomService *rooms,
                           int staleMs, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_hub(hub)
    , m_live(live)
    , m_rooms(rooms)
    , m_staleMs(staleMs)
{
    // A few looks per allowed silence, so a dead node is noticed soon after it counts as dead.
    m_timer.setInterval(std::clamp(staleMs / 4, 100, 1000));
    connect(&m_timer, &QTimer::timeout, this, &ClusterWatch::check);
    m_timer.start();
}

void ClusterWatch::check()
{
    const QStringList stale = m_bus->staleNodes(QDateTime::currentMSecsSinceEpoch(), m_staleMs);
    for (const QString &nodeId : stale) {
        if (m_gone.contains(nodeId))
            continue;
        m_gone.insert(nodeId);
        const bool claimed = m_bus->claimDeadNode(nodeId);
        qCInfo(lcCluster) << "node" << nodeId << "is gone" << (claimed ? "(acting for it)" : "");
        m_hub->peerGone(nodeId);
        const auto members = m_live->forgetNode(nodeId);
        for (const auto &[roomId, userId] : members) {
            // forgetNode already dropped the node; this settles each member's state here.
            m_rooms->memberOnlineElsewhere(roomId, userId, nodeId, false, claimed);
        }
        Q_EMIT nodeGone(nodeId, claimed);
    }
}

} // namespace watchium::server
