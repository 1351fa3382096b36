#pragma once

#include "protocol/Codec.h"
#include "realtime/ConnectionListener.h"
#include "realtime/SilentPresence.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace watchium::server {

class CommentService;
class LiveRooms;
class MemberService;
class Metrics;
class PlaybackService;
class PlaybackSupervisor;
class ReactionService;
class QueueService;
class RealtimeConnection;
class RealtimeHub;
class RoomService;
struct Channel;
struct ServerConfig;

// Answers what clients send on their sockets: heartbeats, joins and leaves,
// broadcasts, presence, token refreshes, and Watchium's own sync_control,
// clock and comment pushes. Every frame is validated; a bad one gets an
// error reply and the socket stays open, except a binary frame on a vsn 1.0.0
// socket, which cannot be answered in its serializer and closes it (1003).
class ChannelHandler : public ConnectionListener
{
public:
    struct Services
    {
        const ServerConfig *config;
        LiveRooms *live;
        RoomService *rooms;
        PlaybackService *playback;
        MemberService *members;
        CommentService *comments;
        PlaybackSupervisor *supervisor;
        Metrics *metrics;
        ReactionService *reactions;
        QueueService *queue = nullptr;
    };
    ChannelHandler(RealtimeHub *hub, Services services);
    // In a cluster: this node's mark in the presence refs it makes.
    void setRefPrefix(const QString &prefix) { m_refPrefix = prefix; }

    // ConnectionListener
    void onText(RealtimeConnection *connection, const QByteArray &frame,
                qint64 receivedAtUs) override;
    void onBinary(RealtimeConnection *connection, const QByteArray &frame,
                  qint64 receivedAtUs) override;
    void closeChannel(RealtimeConnection *connection, const QString &topic,
                      CloseReason reason) override;
    void memberRemoved(RealtimeConnection *connection, const QString &topic,
                       const QString &userId) override;
    void expireSilentPresence(RealtimeConnection *connection, qint64 nowMs) override;

private:
    void handleDecoded(RealtimeConnection *c, const protocol::Codec::DecodeResult &decoded,
                       qint64 receivedAtUs);
    void dispatch(RealtimeConnection *c, const protocol::Message &m, qint64 receivedAtUs);
    void join(RealtimeConnection *c, const protocol::Message &m);
    void broadcast(RealtimeConnection *c, Channel &channel, const protocol::Message &m);
    void presence(RealtimeConnection *c, Channel &channel, const protocol::Message &m);
    void accessToken(RealtimeConnection *c, Channel &channel, const protocol::Message &m);
    void syncControl(RealtimeConnection *c, Channel &channel, const protocol::Message &m,
                     const QJsonObject &body);
    void comment(RealtimeConnection *c, Channel &channel, const protocol::Message &m);
    void reaction(RealtimeConnection *c, Channel &channel, const protocol::Message &m,
                  const QJsonObject &body);
    void clock(RealtimeConnection *c, const protocol::Message &m, qint64 receivedAtUs);

    // Binds the channel to the member the token names; empty error = ok.
    QString identify(Channel &channel, const QString &token);
    void releaseIdentity(Channel &channel);
    int bindingId(const QJsonObject &binding);

    static protocol::Message okReply(const protocol::Message &to, const QJsonObject &response);
    void replyOk(RealtimeConnection *c, const protocol::Message &to, const QJsonObject &response);
    void replyError(RealtimeConnection *c, const protocol::Message &to, const QString &reason,
                    const QString &code = {});

    RealtimeHub *m_hub;
    Services m_services;
    SilentPresence m_silent;
    QHash<QString, int> m_bindingIds;
    quint64 m_presenceRefs = 0;
    // Makes presence refs and anonymous keys unique across the nodes of a cluster.
    QString m_refPrefix;
};

} // namespace watchium::server
