#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

namespace watchium::server {

class ClusterBus;
class LiveRooms;
class RealtimeHub;
class RoomService;

// Notices a node of the cluster that stopped (its heartbeat lapsed, or it left): everyone it
// tracked leaves this node's channels, and the one node that claims it passes on the host role
// of rooms whose host was connected only there.
class ClusterWatch : public QObject
{
    Q_OBJECT

public:
    ClusterWatch(ClusterBus *bus, RealtimeHub *hub, LiveRooms *live, RoomService *rooms,
                 int staleMs, QObject *parent = nullptr);

    void check();

Q_SIGNALS:
    void nodeGone(const QString &nodeId, bool claimed);

private:
    ClusterBus *m_bus;
    RealtimeHub *m_hub;
    LiveRooms *m_live;
    RoomService *m_rooms;
    int m_staleMs;
    QTimer m_timer;
    QSet<QString> m_gone;
};

} // namespace watchium::server
