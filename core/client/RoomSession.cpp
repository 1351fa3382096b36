#include "client/RoomSession.h"

namespace watchium {

RoomSession RoomSession::fromReply(const QJsonObject &data)
{
    RoomSession s;
    s.room = data.value(QLatin1String("room")).toObject();
    const QJsonObject member = data.value(QLatin1String("member")).toObject();
    s.roomId = s.room.value(QLatin1String("room_id")).toString();
    s.userId = member.value(QLatin1String("user_id")).toString();
    s.username = member.value(QLatin1String("username")).toString();
    s.avatarUrl = member.value(QLatin1String("avatar_url")).toString();
    s.memberToken = data.value(QLatin1String("member_token")).toString();
    // Only the creator's reply carries the key; joiners already know it.
    s.accessKey = s.room.value(QLatin1String("access_key")).toString();
    s.realtimeChannel = data.value(QLatin1String("realtime_channel")).toString();
    return s;
}

} // namespace watchium
