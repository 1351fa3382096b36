#include "realtime/SilentPresence.h"

#include "Logging.h"
#include "realtime/Channel.h"
#include "realtime/PresenceLiveness.h"
#include "realtime/RealtimeConnection.h"
#include "realtime/RealtimeHub.h"
#include "rooms/LiveRooms.h"
#include "rooms/RoomService.h"
#include "ServerConfig.h"

#include <QLoggingCategory>

#include <utility>

namespace watchium::server {

SilentPresence::SilentPresence(const ServerConfig *config, RealtimeHub *hub, LiveRooms *live,
                               RoomService *rooms)
    : m_config(config)
    , m_hub(hub)
    , m_live(live)
    , m_rooms(rooms)
{
}

void SilentPresence::expire(RealtimeConnection *connection, qint64 nowMs)
{
    const QStringList topics = connection->topics();
    for (const QString &topic : topics) {
        Channel &channel = *connection->channel(topic);
        if (channel.silent
            || !PresenceLiveness::isSilent(channel.presenceIntervalMs, channel.lastTrackMs, nowMs,
                                           m_config->presenceTimeoutMs))
            continue;
        channel.silent = true;
        qCInfo(lcRealtime) << "presence" << channel.presenceKey << "on" << channel.topic
                           << "silent for" << nowMs - channel.lastTrackMs
                           << "ms: offline until it tracks again";
        // Counted out first, so a members list fetched on the diff already says offline.
        count(channel, false);
        if (channel.tracking) {
            channel.tracking = false;
            m_hub->presenceDiff(channel.topic, channel.presenceKey, {}, channel.presenceMeta);
            channel.presenceMeta = {};
        }
    }
}

void SilentPresence::tracked(Channel &channel, qint64 nowMs)
{
    channel.lastTrackMs = nowMs;
    if (std::exchange(channel.silent, false))
        count(channel, true);
}

void SilentPresence::count(const Channel &channel, bool in)
{
    if (channel.userId.isEmpty())
        return;
    LiveRoom *room = m_live->get(channel.roomId);
    const MemberRecord *member = room ? room->member(channel.userId) : nullptr;
    if (!member)
        return;
    const TableRow before = member->toRow();
    const bool wasOnline = member->isOnline;
    if (in)
        m_rooms->memberConnected(channel.roomId, channel.userId);
    else
        m_rooms->memberDisconnected(channel.roomId, channel.userId);
    if (member->isOnline != wasOnline)
        m_hub->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Update,
                           member->toRow(), before);
}

} // namespace watchium::server
