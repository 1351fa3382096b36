#pragma once

#include <QtGlobal>

namespace watchium::server {

class LiveRooms;
class RealtimeConnection;
class RealtimeHub;
class RoomService;
struct Channel;
struct ServerConfig;

// Takes a channel whose client stopped tracking for gone while its socket stays open (see
// PresenceLiveness), and back when it tracks again. Gone: its presence leaves and its member is
// counted out of the room's connections (offline row; for a host, the grace period starts).
// Back: counted in again. Either flip of the row's is_online is a room_members UPDATE, so
// postgres_changes subscribers see the member go and come back.
class SilentPresence
{
public:
    SilentPresence(const ServerConfig *config, RealtimeHub *hub, LiveRooms *live,
                   RoomService *rooms);

    // Expires the connection's channels that are silent at `nowMs`.
    void expire(RealtimeConnection *connection, qint64 nowMs);
    // The channel tracked at `nowMs`: it is heard from again.
    void tracked(Channel &channel, qint64 nowMs);

private:
    // Counts the channel's member in or out, announcing a change of its row's is_online.
    void count(const Channel &channel, bool in);

    const ServerConfig *m_config;
    RealtimeHub *m_hub;
    LiveRooms *m_live;
    RoomService *m_rooms;
};

} // namespace watchium::server
