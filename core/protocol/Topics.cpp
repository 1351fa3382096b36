#include "protocol/Topics.h"

namespace watchium::protocol::topics {

namespace {
constexpr QLatin1StringView kRealtimePrefix{"realtime:"};
constexpr QLatin1StringView kRoomPrefix{"room:"};
} // namespace

QString roomChannel(const QString &roomId)
{
    return kRoomPrefix + roomId;
}

QString roomTopic(const QString &roomId)
{
    return kRealtimePrefix + kRoomPrefix + roomId;
}

QString channelName(const QString &topic)
{
    return topic.startsWith(kRealtimePrefix) ? topic.mid(kRealtimePrefix.size()) : topic;
}

QString roomIdFromTopic(const QString &topic)
{
    const QString name = channelName(topic);
    return name.startsWith(kRoomPrefix) ? name.mid(kRoomPrefix.size()) : QString();
}

} // namespace watchium::protocol::topics
