#pragma once

#include <QByteArray>
#include <QString>

namespace watchium::server {

class RealtimeConnection;

// What the hub hands on about its sockets. ChannelHandler is the one implementation; the hub
// sees only this, so the dependency between the two runs one way (handler -> hub).
class ConnectionListener
{
public:
    // Why a channel closes: it decides whether the client is told (phx_close), whether its
    // presence leaves, and whether its member is counted out.
    enum class CloseReason {
        Left, // phx_leave, a rejoin of the topic, or the socket went
        RoomClosed, // the room is gone, and with it everyone's presence
        MemberRemoved, // the member left or was removed: already counted out of the room
    };

    virtual ~ConnectionListener() = default;

    virtual void onText(RealtimeConnection *connection, const QByteArray &frame,
                        qint64 receivedAtUs) = 0;
    virtual void onBinary(RealtimeConnection *connection, const QByteArray &frame,
                          qint64 receivedAtUs) = 0;
    // The one way a channel ends; a topic the connection has not joined is ignored.
    virtual void closeChannel(RealtimeConnection *connection, const QString &topic,
                              CloseReason reason) = 0;
    // `userId` is no longer in the room: its channels on `topic` close, or in a public room
    // stay on as an anonymous viewer.
    virtual void memberRemoved(RealtimeConnection *connection, const QString &topic,
                               const QString &userId) = 0;
    // Channels that declared a presence period and stopped tracking: see SilentPresence.
    virtual void expireSilentPresence(RealtimeConnection *connection, qint64 nowMs) = 0;
};

} // namespace watchium::server
