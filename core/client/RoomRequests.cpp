#include "client/RoomRequests.h"

namespace watchium {

QJsonObject CreateRoomRequest::toJson() const
{
    QJsonObject o {{QStringLiteral("title"), title},
                   {QStringLiteral("anime_id"), animeId},
                   {QStringLiteral("anime_title"), animeTitle},
                   {QStringLiteral("episode_number"), episodeNumber},
                   {QStringLiteral("video_url"), videoUrl},
                   {QStringLiteral("host_user_id"), userId},
                   {QStringLiteral("host_username"), username},
                   {QStringLiteral("is_public"), isPublic}};
    if (!avatarUrl.isEmpty())
        o.insert(QStringLiteral("host_avatar_url"), avatarUrl);
    if (!media.isEmpty())
        o.insert(QStringLiteral("media"), media.toJson());
    return o;
}

QJsonObject JoinRoomRequest::toJson() const
{
    QJsonObject o {{QStringLiteral("room_id"), roomId},
                   {QStringLiteral("user_id"), userId},
                   {QStringLiteral("username"), username}};
    if (!avatarUrl.isEmpty())
        o.insert(QStringLiteral("avatar_url"), avatarUrl);
    if (!accessKey.isEmpty())
        o.insert(QStringLiteral("access_key"), accessKey);
    return o;
}

} // namespace watchium
