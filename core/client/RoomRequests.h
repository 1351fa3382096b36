#pragma once

#include "domain/MediaIdentity.h"

#include <QJsonObject>
#include <QString>

namespace watchium {

// rooms-create's fields (seed 002); the caller becomes the host.
struct CreateRoomRequest
{
    QString title;
    QString animeId;
    QString animeTitle;
    int episodeNumber = 1;
    QString videoUrl; // empty: an "own files" room, with the host's `media`
    MediaIdentity media;
    QString userId;
    QString username;
    QString avatarUrl;
    bool isPublic = true;

    QJsonObject toJson() const;
};

struct JoinRoomRequest
{
    QString roomId;
    QString userId;
    QString username;
    QString avatarUrl;
    QString accessKey; // required for private rooms
    QString memberToken; // rejoining as the same member (the server keeps the user_id)

    QJsonObject toJson() const;
};

} // namespace watchium
