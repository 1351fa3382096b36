#pragma once

#include <QString>

namespace watchium::protocol {

// Channel topic naming: the seeds' channel `room:<id>` travels as the topic
// `realtime:room:<id>` (realtime-js prefixes every channel name).
namespace topics {

QString roomChannel(const QString &roomId);           // room:<id>
QString roomTopic(const QString &roomId);             // realtime:room:<id>
QString channelName(const QString &topic);            // strips `realtime:`
QString roomIdFromTopic(const QString &topic);        // empty if not a room topic
inline constexpr QLatin1StringView kPhoenixTopic{"phoenix"};

} // namespace topics
} // namespace watchium::protocol
