#pragma once

#include "protocol/Message.h"
#include "realtime/Channel.h"

#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>

namespace watchium::server {

class WsSocket;

// One client socket: its serializer version, its joined channels, and the
// frames it sends and receives. Knows nothing of rooms.
class RealtimeConnection : public QObject
{
    Q_OBJECT

public:
    // Takes the socket over (it becomes a child).
    RealtimeConnection(WsSocket *socket, protocol::Vsn vsn, int framesPerSecond, QObject *parent);
    ~RealtimeConnection() override;

    protocol::Vsn vsn() const { return m_vsn; }
    QString peerAddress() const { return m_peer; }
    qint64 lastSeenMs() const { return m_lastSeenMs; }

    void send(const protocol::Message &message);
    // The same with the payload already encoded (compact JSON); `envelope`'s own unused.
    void send(const protocol::Message &envelope, QByteArrayView payloadJson);
    // A message nobody waits for (the answer to a presence report), its payload encoded: it may
    // wait a little for the connection's next frame and share its write (WriteCoalescer).
    void sendPatiently(const protocol::Message &envelope, QByteArrayView payloadJson);
    // A whole WebSocket frame (ws::FrameWriter) of this connection's serializer.
    void sendFrame(const QByteArray &frame);
    void close(quint16 code, const QString &reason);

    // Counts frames per second so one client cannot flood the room.
    bool withinFrameBudget(qint64 nowMs);

    // The joined channel on `topic`, or null.
    Channel *channel(const QString &topic);
    const Channel *channel(const QString &topic) const;
    const QMap<QString, Channel> &channels() const { return m_channels; }
    QStringList topics() const { return m_channels.keys(); }
    // Only ChannelHandler adds and takes channels: joining and closing each have one path.
    void addChannel(const Channel &channel) { m_channels.insert(channel.topic, channel); }
    Channel takeChannel(const QString &topic) { return m_channels.take(topic); }

Q_SIGNALS:
    void textFrame(const QByteArray &frame, qint64 receivedAtUs);
    void binaryFrame(const QByteArray &frame, qint64 receivedAtUs);
    void closed();

private:
    // By topic. A map, not a hash: a connection nearly always has one channel, and Qt's hash
    // allocates room for 48 entries at its first insert (11 KiB per socket with Channel's size;
    // heaptrack, docs/BENCHMARKS.md).
    QMap<QString, Channel> m_channels;
    WsSocket *m_socket;
    protocol::Vsn m_vsn;
    QString m_peer;
    qint64 m_lastSeenMs = 0;
    qint64 m_budgetWindowStart = 0;
    int m_framesInWindow = 0;
    int m_framesPerSecond;
};

} // namespace watchium::server
