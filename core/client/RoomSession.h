#pragma once

#include <QJsonObject>
#include <QString>

namespace watchium {

// What rooms-create / rooms-join hand back: enough to open (and later
// reopen) the room's channel as this member.
struct RoomSession
{
    QString roomId;
    QString userId;
    QString username;
    QString avatarUrl; // as the server accepted it (http(s)); empty: none
    QString memberToken;
    QString accessKey; // private rooms; empty for public ones
    QString realtimeChannel; // room:<id>
    QJsonObject room; // the room row as the server sent it

    bool isValid() const { return !roomId.isEmpty() && !memberToken.isEmpty(); }
    // From a rooms-create or rooms-join `data` object.
    static RoomSession fromReply(const QJsonObject &data);
};

} // namespace watchium
