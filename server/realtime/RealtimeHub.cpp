#include "realtime/RealtimeHub.h"

#include "Logging.h"
#include "net/WsSocket.h"
#include "ops/Metrics.h"
#include "protocol/Codec.h"
#include "protocol/Topics.h"
#include "realtime/PeerRelay.h"
#include "realtime/PostgresChanges.h"
#include "realtime/PresenceFrames.h"
#include "realtime/RealtimeConnection.h"
#include "realtime/SocketRequest.h"
#include "rooms/LiveRooms.h"
#include "ServerConfig.h"
#include "websocket/WsFrame.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

namespace watchium::server {

using protocol::Codec;
using protocol::Message;
using protocol::Vsn;

namespace {

// Bounds one incoming message; the seeds' largest (a comment with its metadata) is ~2 KiB.
constexpr qsizetype kMaxFrameBytes = 64 * 1024;

// Frames are encoded lazily, at most once per serializer per fan-out, as whole WebSocket frames:
// a server's frames are unmasked, so every recipient gets the very same bytes.
class EncodedFrame
{
public:
    // `payloadJson`, when given, is the payload already encoded: spliced in, `message`'s own
    // payload unused.
    explicit EncodedFrame(const Message &message, QByteArray payloadJson = {})
        : m_message(message)
        , m_payloadJson(std::move(payloadJson))
    {
    }
    const QByteArray &forVsn(Vsn vsn)
    {
        QByteArray &slot = vsn == Vsn::V1 ? m_v1 : m_v2;
        if (slot.isNull()) {
            slot = ws::FrameWriter::frame(ws::Opcode::Text,
                                          m_payloadJson.isNull()
                                              ? Codec::encodeText(m_message, vsn)
                                              : Codec::encodeText(m_message, m_payloadJson, vsn));
        }
        return slot;
    }

private:
    const Message &m_message;
    const QByteArray m_payloadJson; // shared, not copied
    QByteArray m_v1;
    QByteArray m_v2;
};

} // namespace

RealtimeHub::RealtimeHub(const ServerConfig *config, Reactor *reactor, LiveRooms *live,
                         Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_reactor(reactor)
    , m_live(live)
    , m_metrics(metrics)
    , m_presenceDiffs(config->presenceBatchMs, config->presenceUpdateBatchMs,
                      [this](const QString &topic, const PresenceDiff &diff) {
                          Message envelope;
                          envelope.topic = topic;
                          envelope.event = QStringLiteral("presence_diff");
                          fanout(envelope, nullptr, diff.payloadJson());
                      })
{
    // A second core pays for a write thread: the kernel's send path is a third of the serving
    // thread's time under load. On one core the hand-over would only add to it.
    m_coalescer.setWriteThreads(config->writeThreads >= 0             ? config->writeThreads
                                    : QThread::idealThreadCount() > 1 ? 1
                                                                      : 0);
    // The answer to a presence report waits for the diff that carries the report, which leaves
    // within the longest presence window; the margin keeps the two timers from racing.
    if (const int window = m_presenceDiffs.longestWindowMs(); window > 0)
        m_coalescer.setPatienceMs(window + 100);
    m_heartbeatSweep.setInterval(std::max(1000, config->heartbeatTimeoutMs / 6));
    connect(&m_heartbeatSweep, &QTimer::timeout, this, &RealtimeHub::closeTimedOutSockets);
    m_heartbeatSweep.start();
    // A fraction of the presence bound, so a silent member is offline within about 1 s of it.
    m_presenceSweep.setInterval(std::clamp(config->presenceTimeoutMs / 4, 50, 1000));
    connect(&m_presenceSweep, &QTimer::timeout, this, &RealtimeHub::expireSilentPresence);
    m_presenceSweep.start();
}

RealtimeHub::~RealtimeHub()
{
    // No socket may go with a write in flight once the write threads are gone.
    m_coalescer.drain();
    qDeleteAll(m_connections);
    // Connections dropped but not yet deleted (deleteLater), and sockets not yet (or never)
    // accepted, while the coalescer their sockets may name is still here.
    qDeleteAll(findChildren<RealtimeConnection *>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<WsSocket *>(Qt::FindDirectChildrenOnly));
}

void RealtimeHub::takeUpgrade(std::unique_ptr<ByteStream> stream, QByteArray received)
{
    WsSocket::Limits limits;
    limits.maxMessageBytes = kMaxFrameBytes;
    auto *socket = new WsSocket(std::move(stream), std::move(received), m_reactor, limits, this);
    connect(socket, &WsSocket::upgraded, this, [this, socket] { admit(socket); });
    // Until admitted, a socket that goes (a refused or abandoned handshake) is the hub's to free.
    connect(socket, &WsSocket::disconnected, socket, &QObject::deleteLater);
}

void RealtimeHub::admit(WsSocket *socket)
{
    QObject::disconnect(socket, &WsSocket::disconnected, socket, &QObject::deleteLater);
    const SocketRequest request = SocketRequest::check(socket->target(), m_config->anonKey);
    if (!request.admitted()) {
        if (m_metrics)
            m_metrics->rejected(QStringLiteral("socket_refused"));
        qCInfo(lcRealtime) << "refused socket from" << socket->peerAddress().toString() << ":"
                           << request.refusal;
        socket->close(ws::close::PolicyViolation, request.refusal);
        connect(socket, &WsSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    socket->coalesceWith(&m_coalescer);
    auto *connection =
        new RealtimeConnection(socket, *request.vsn, m_config->socketFramesPerSecond, this);
    m_connections.insert(connection);
    connect(connection, &RealtimeConnection::textFrame, this,
            [this, connection](const QByteArray &frame, qint64 receivedAtUs) {
                m_handler->onText(connection, frame, receivedAtUs);
            });
    connect(connection, &RealtimeConnection::binaryFrame, this,
            [this, connection](const QByteArray &frame, qint64 receivedAtUs) {
                m_handler->onBinary(connection, frame, receivedAtUs);
            });
    connect(connection, &RealtimeConnection::closed, this,
            [this, connection] { drop(connection); });
}

void RealtimeHub::drop(RealtimeConnection *connection)
{
    if (!m_connections.remove(connection))
        return;
    const QStringList topics = connection->topics();
    for (const QString &topic : topics)
        m_handler->closeChannel(connection, topic, ConnectionListener::CloseReason::Left);
    connection->deleteLater();
}

void RealtimeHub::shutdown()
{
    // Writes still with a write thread would leave the close frames waiting behind them, and
    // the sockets go before another turn: finish them here first.
    m_coalescer.drain();
    const auto connections = m_connections;
    for (RealtimeConnection *c : connections)
        c->close(ws::close::GoingAway, QStringLiteral("server shutting down"));
}

void RealtimeHub::closeTimedOutSockets()
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - m_config->heartbeatTimeoutMs;
    const auto connections = m_connections;
    for (RealtimeConnection *c : connections) {
        if (c->lastSeenMs() < cutoff) {
            qCInfo(lcRealtime) << "closing silent socket from" << c->peerAddress();
            c->close(ws::close::GoingAway, QStringLiteral("heartbeat timeout"));
            drop(c);
        }
    }
}

void RealtimeHub::expireSilentPresence()
{
    if (!m_handler)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // A copy: a fan-out may drop a socket whose peer stopped reading (see drop()).
    const auto connections = m_connections;
    for (RealtimeConnection *c : connections) {
        if (m_connections.contains(c))
            m_handler->expireSilentPresence(c, now);
    }
}

void RealtimeHub::attach(RealtimeConnection *connection, const Channel &channel)
{
    subscribe(connection, channel.topic);
    m_routes.add(connection, channel);
}

void RealtimeHub::detach(RealtimeConnection *connection, const Channel &channel)
{
    unsubscribe(connection, channel.topic);
    m_routes.remove(connection, channel);
}

void RealtimeHub::subscribe(RealtimeConnection *connection, const QString &topic)
{
    m_topics[topic].insert(connection);
}

void RealtimeHub::unsubscribe(RealtimeConnection *connection, const QString &topic)
{
    auto it = m_topics.find(topic);
    if (it == m_topics.end())
        return;
    it->remove(connection);
    if (it->isEmpty())
        m_topics.erase(it);
}

void RealtimeHub::fanout(const Message &message, RealtimeConnection *except,
                         const QByteArray &payloadJson)
{
    const auto it = m_topics.constFind(message.topic);
    if (it == m_topics.cend())
        return;
    QElapsedTimer timer;
    timer.start();
    EncodedFrame frame(message, payloadJson);
    qint64 sent = 0;
    for (RealtimeConnection *c : *it) {
        if (c == except)
            continue;
        c->sendFrame(frame.forVsn(c->vsn()));
        ++sent;
    }
    if (m_metrics) {
        m_metrics->messagesOut(sent);
        m_metrics->observeFanout(double(timer.nsecsElapsed()) / 1e9);
    }
}

void RealtimeHub::memberBroadcast(const Message &message, RealtimeConnection *except)
{
    fanout(message, except);
    if (m_relay)
        m_relay->relayMessage(message);
}

void RealtimeHub::broadcastBinary(const QString &topic, const QString &event,
                                  const QByteArray &payload, RealtimeConnection *except)
{
    deliverBinary(topic, event, payload, except);
    if (m_relay)
        m_relay->relayBinary(topic, event, payload);
}

void RealtimeHub::peerBinary(const QString &topic, const QString &event, const QByteArray &payload)
{
    deliverBinary(topic, event, payload, nullptr);
}

void RealtimeHub::deliverBinary(const QString &topic, const QString &event,
                                const QByteArray &payload, RealtimeConnection *except)
{
    const auto it = m_topics.constFind(topic);
    if (it == m_topics.cend())
        return;
    // Raw-byte payloads only travel in vsn 2.0.0's binary frame; vsn 1.0.0
    // clients cannot receive them.
    const QByteArray frame = ws::FrameWriter::frame(
        ws::Opcode::Binary, Codec::encodeUserBroadcast(topic, event, payload, false));
    for (RealtimeConnection *c : *it) {
        if (c != except && c->vsn() == Vsn::V2)
            c->sendFrame(frame);
    }
}

Message RealtimeHub::broadcastMessage(const QString &topic, const QString &event,
                                      const QJsonObject &payload)
{
    Message m;
    m.topic = topic;
    m.event = QStringLiteral("broadcast");
    m.payload = {{QStringLiteral("type"), QStringLiteral("broadcast")},
                 {QStringLiteral("event"), event},
                 {QStringLiteral("payload"), payload}};
    return m;
}

QJsonObject RealtimeHub::presenceState(const QString &topic) const
{
    QHash<QString, QJsonArray> metas;
    for (RealtimeConnection *c : m_topics.value(topic)) {
        const Channel *channel = c->channel(topic);
        if (channel && channel->tracking)
            metas[channel->presenceKey].append(channel->presenceMeta.object);
    }
    m_remotePresence.addTo(topic, metas);
    return presence_frames::state(metas);
}

void RealtimeHub::presenceDiff(const QString &topic, const QString &key, const PresenceMeta &joined,
                               const PresenceMeta &left)
{
    queuePresenceDiff(topic, key, joined, left);
    if (m_relay)
        m_relay->relayPresence(topic, key, joined.object, left.object);
}

void RealtimeHub::peerPresence(const QString &nodeId, const QString &topic, const QString &key,
                               const QJsonObject &joined, const QJsonObject &left)
{
    m_remotePresence.apply(nodeId, topic, key, joined, left);
    queuePresenceDiff(topic, key, PresenceMeta::of(joined), PresenceMeta::of(left));
}

void RealtimeHub::queuePresenceDiff(const QString &topic, const QString &key,
                                    const PresenceMeta &joined, const PresenceMeta &left)
{
    // Nobody here follows the topic (another node's room, in a cluster): nothing to gather. A
    // subscriber that comes within the window gets the change in its presence_state.
    if (m_topics.contains(topic))
        m_presenceDiffs.add(topic, key, joined, left);
}

void RealtimeHub::peerPresenceSnapshot(const QString &nodeId, const QJsonObject &snapshot)
{
    // A snapshot comes when this node starts (nobody here has seen anything yet) or when it
    // lost envelopes (its listening connection dropped): then subscribers here hear what it
    // corrects, members who left or came meanwhile.
    const RemotePresence::Changes changes = m_remotePresence.replace(nodeId, snapshot);
    for (const RemotePresence::Entry &entry : changes.left)
        queuePresenceDiff(entry.topic, entry.key, {}, PresenceMeta::of(entry.meta));
    for (const RemotePresence::Entry &entry : changes.joined)
        queuePresenceDiff(entry.topic, entry.key, PresenceMeta::of(entry.meta), {});
}

void RealtimeHub::peerGone(const QString &nodeId)
{
    const auto gone = m_remotePresence.dropNode(nodeId);
    for (const RemotePresence::Entry &entry : gone)
        queuePresenceDiff(entry.topic, entry.key, {}, PresenceMeta::of(entry.meta));
}

QJsonObject RealtimeHub::localPresence() const
{
    QHash<QString, QHash<QString, QJsonArray>> byTopic;
    for (RealtimeConnection *c : m_connections) {
        for (const Channel &channel : c->channels()) {
            if (channel.tracking)
                byTopic[channel.topic][channel.presenceKey].append(channel.presenceMeta.object);
        }
    }
    QJsonObject snapshot;
    for (auto topic = byTopic.cbegin(); topic != byTopic.cend(); ++topic) {
        QJsonObject keys;
        for (auto key = topic->cbegin(); key != topic->cend(); ++key)
            keys.insert(key.key(), key.value());
        snapshot.insert(topic.key(), keys);
    }
    return snapshot;
}

void RealtimeHub::roomBroadcast(const QString &roomId, const QString &event,
                                const QJsonObject &payload)
{
    fanout(broadcastMessage(protocol::topics::roomTopic(roomId), event, payload));
}

void RealtimeHub::tableChange(const QString &table, ChangeType type, const TableRow &row,
                              const TableRow &oldRow)
{
    const QString typeName = postgres_changes::typeName(type);
    const QJsonObject &record = type == ChangeType::Delete ? oldRow.record : row.record;
    // Channels with the same matching bindings on the same topic get the same
    // frame; encode each distinct one once.
    QHash<QString, QList<RealtimeConnection *>> groups;
    QHash<QString, QPair<QString, QJsonArray>> groupIds;
    for (const ChangeRoutes::Route &route : m_routes.candidates(table, record)) {
        RealtimeConnection *c = route.connection;
        const Channel *channel = c->channel(route.topic);
        if (!channel)
            continue;
        const QJsonArray ids = postgres_changes::matchingIds(*channel, table, typeName, record);
        if (ids.isEmpty() || !m_live->rowVisibleIn(table, record, channel->roomId))
            continue;
        QString key = channel->topic;
        for (const QJsonValue &id : ids)
            key += QLatin1Char(',') + QString::number(id.toInt());
        groups[key].append(c);
        groupIds.insert(key, {channel->topic, ids});
    }
    // Most changes concern no subscriber at all: build the payload only when
    // someone will receive it.
    if (groups.isEmpty())
        return;
    const QJsonObject data =
        postgres_changes::data(table, type, row, oldRow, QDateTime::currentMSecsSinceEpoch());
    qint64 sent = 0;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const auto &[topic, ids] = groupIds.value(it.key());
        const Message m = postgres_changes::message(topic, ids, data);
        EncodedFrame frame(m);
        for (RealtimeConnection *c : it.value()) {
            c->sendFrame(frame.forVsn(c->vsn()));
            ++sent;
        }
    }
    if (m_metrics)
        m_metrics->messagesOut(sent);
}

void RealtimeHub::roomClosed(const QString &roomId)
{
    const QString topic = protocol::topics::roomTopic(roomId);
    const auto subscribers = m_topics.value(topic);
    for (RealtimeConnection *c : subscribers)
        m_handler->closeChannel(c, topic, ConnectionListener::CloseReason::RoomClosed);
}

void RealtimeHub::memberRemoved(const QString &roomId, const QString &userId)
{
    const QString topic = protocol::topics::roomTopic(roomId);
    const auto subscribers = m_topics.value(topic);
    for (RealtimeConnection *c : subscribers)
        m_handler->memberRemoved(c, topic, userId);
}

} // namespace watchium::server
