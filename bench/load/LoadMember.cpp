#include "LoadMember.h"

#include "protocol/PlaybackEvents.h"

#include "net/Sockets.h"
#include "net/WsSocket.h"
#include "protocol/Codec.h"
#include "protocol/Topics.h"
#include "RunContext.h"
#include "TimestampedStream.h"

#include <QJsonArray>

#include <cmath>

namespace watchium::bench {

using protocol::Codec;
using protocol::Message;
using protocol::Vsn;

namespace {

// vsn 2.0.0 frames are [join_ref, ref, topic, event, payload]: the event
// sits between the topic's closing quote and the payload's opening brace,
// so these markers classify a frame without parsing it. Only the frames we
// measure pay for a full decode.
constexpr QByteArrayView kReply {"\",\"phx_reply\",{"};
constexpr QByteArrayView kBroadcast {"\",\"broadcast\",{"};
constexpr QByteArrayView kPresenceDiff {"\",\"presence_diff\",{"};
constexpr QByteArrayView kChanges {"\",\"postgres_changes\",{"};
constexpr QByteArrayView kErrorStatus {"\"status\":\"error\""};
const QLatin1StringView kCommentPrefix {"bench "};

const char *const kActions[] = {"seek", "play", "pause"};

// The generator's limits: a member never sends much, and a run must not lose a member to a
// handshake that waited behind thousands of others.
server::WsSocket::Limits clientLimits()
{
    server::WsSocket::Limits limits;
    limits.maxMessageBytes = 1024 * 1024;
    limits.maxQueuedBytes = 16 * 1024 * 1024;
    limits.handshakeTimeoutMs = 120'000;
    return limits;
}

std::optional<Message> decode(const QByteArray &text)
{
    return Codec::decodeText(text, Vsn::V2).message;
}

} // namespace

LoadMember::LoadMember(int index, const Plan::Member &member, RunContext *context, Settled settled)
    : m_index(index)
    , m_member(member)
    , m_ctx(context)
    , m_settled(std::move(settled))
    , m_topic(protocol::topics::roomTopic(context->plan->rooms.at(member.room).id))
{
}

void LoadMember::onUpgraded()
{
    m_state = State::Joining;
    const QString roomId = m_ctx->plan->rooms.at(m_member.room).id;
    QJsonArray changes;
    if (m_ctx->plan->bindings) {
        // What the seeds' client asks for: its room's row updates.
        changes.append(
            QJsonObject {{QStringLiteral("event"), QStringLiteral("UPDATE")},
                         {QStringLiteral("schema"), QStringLiteral("public")},
                         {QStringLiteral("table"), QStringLiteral("rooms")},
                         {QStringLiteral("filter"), QStringLiteral("room_id=eq.") + roomId}});
    }
    const QJsonObject config {
        {QStringLiteral("broadcast"),
         QJsonObject {{QStringLiteral("self"), false}, {QStringLiteral("ack"), false}}},
        {QStringLiteral("presence"),
         QJsonObject {{QStringLiteral("key"), m_member.userId}, {QStringLiteral("enabled"), true}}},
        {QStringLiteral("postgres_changes"), changes},
        {QStringLiteral("private"), false}};
    m_joinRef = QString::number(m_nextRef);
    push(m_topic, QStringLiteral("phx_join"),
         {{QStringLiteral("config"), config}, {QStringLiteral("access_token"), m_member.token}});
}

void LoadMember::open(const QUrl &url, qint64 nowUs)
{
    m_state = State::Connecting;
    m_openedAtUs = nowUs;
    const QHostAddress host = url.host() == QLatin1String("localhost")
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(url.host());
    const int fd = server::sockets::connectTo(host, quint16(url.port(80)), &m_connectError);
    if (fd < 0) {
        // Reported from the event loop, as a connection that failed later would be.
        QMetaObject::invokeMethod(this, &LoadMember::onDisconnected, Qt::QueuedConnection);
        return;
    }
    auto stream = std::make_unique<TimestampedStream>(fd);
    m_stream = stream.get();
    const QByteArray target =
        url.path(QUrl::FullyEncoded).toUtf8() + '?' + url.query(QUrl::FullyEncoded).toUtf8();
    m_socket = new server::WsSocket(std::move(stream), url.authority().toUtf8(), target,
                                    m_ctx->reactor.get(), clientLimits(), this);
    connect(m_socket, &server::WsSocket::upgraded, this, &LoadMember::onUpgraded);
    connect(m_socket, &server::WsSocket::textMessage, this, &LoadMember::onText);
    connect(m_socket, &server::WsSocket::disconnected, this, &LoadMember::onDisconnected);
}

void LoadMember::close()
{
    if (m_state == State::Joined || m_state == State::Joining || m_state == State::Connecting)
        m_state = State::Closed;
    if (m_socket)
        m_socket->close(ws::close::Normal);
}

void LoadMember::fail(const QString &why)
{
    if (m_state == State::Connecting)
        ++m_ctx->stats.connectFailed;
    else
        ++m_ctx->stats.joinFailed;
    m_ctx->stats.noteError(QStringLiteral("%1: %2").arg(m_member.userId, why));
    settle(false);
    if (m_socket)
        m_socket->abort();
}

void LoadMember::settle(bool joined)
{
    if (m_state == State::Joined || m_state == State::Failed || m_state == State::Closed)
        return;
    m_state = joined ? State::Joined : State::Failed;
    if (joined)
        ++m_ctx->stats.joined;
    m_settled(this, joined);
}

void LoadMember::push(const QString &topic, const QString &event, const QJsonObject &payload)
{
    Message m;
    m.joinRef = topic == m_topic ? m_joinRef : QString();
    m.ref = QString::number(m_nextRef++);
    m.topic = topic;
    m.event = event;
    m.payload = payload;
    if (m_socket)
        m_socket->sendText(Codec::encodeText(m, Vsn::V2));
    if (m_ctx->measuring)
        ++m_ctx->stats.framesSent;
}

void LoadMember::sendControl(qint64 nowUs)
{
    // The position is the send time (s since the run started, µs exact in a
    // double), unique per room, so receivers match and time it on their own.
    const double sentAt = double(nowUs - m_ctx->runStartUs) / 1e6;
    const int roomSize = m_ctx->plan->rooms.at(m_member.room).size;
    push(m_topic, QStringLiteral("sync_control"),
         {{QStringLiteral("action"), QLatin1String(kActions[m_controls++ % 3])},
          {QStringLiteral("current_time"), sentAt},
          {QStringLiteral("playback_rate"), 1.0}});
    ++m_ctx->stats.controlsSent;
    m_ctx->stats.controlsExpected += roomSize;
    const QString key = QStringLiteral("%1:%2").arg(m_member.room).arg(nowUs - m_ctx->runStartUs);
    m_ctx->stats.spread[key].expected += roomSize;
}

void LoadMember::sendPresence(qint64 nowUs)
{
    push(m_topic, QStringLiteral("presence"),
         {{QStringLiteral("type"), QStringLiteral("presence")},
          {QStringLiteral("event"), QStringLiteral("track")},
          {QStringLiteral("payload"),
           QJsonObject {{QStringLiteral("user_id"), m_member.userId},
                        {QStringLiteral("username"), m_member.username},
                        {QStringLiteral("current_time"), expectedPosition(nowUs)},
                        {QStringLiteral("is_playing"), m_playing},
                        // A native client reports its own error; 0 keeps the
                        // member in sync so no status flips add traffic.
                        {QStringLiteral("sync_error_ms"), 0},
                        {QStringLiteral("sent_us"), nowUs - m_ctx->runStartUs}}}});
    if (m_ctx->measuring)
        ++m_ctx->stats.presenceSent;
}

void LoadMember::sendComment(qint64 nowUs)
{
    const qint64 offset = nowUs - m_ctx->runStartUs;
    push(m_topic, QStringLiteral("comment"),
         {{QStringLiteral("message"),
           QStringLiteral("bench %1 %2").arg(offset).arg(m_member.userId)},
          {QStringLiteral("idempotency_key"),
           QStringLiteral("%1-%2").arg(m_member.userId).arg(++m_comments)}});
    ++m_ctx->stats.commentsSent;
    m_ctx->stats.commentsExpected += m_ctx->plan->rooms.at(m_member.room).size;
}

void LoadMember::sendHeartbeat()
{
    push(QString(protocol::topics::kPhoenixTopic), QStringLiteral("heartbeat"), {});
}

void LoadMember::onText(const QByteArray &text)
{
    // When the kernel queued the frame's bytes, not when this busy process got round to them:
    // with hundreds of members in one process the difference is the generator, not the server.
    const qint64 nowUs =
        m_stream && m_stream->receivedAtUs() > 0 ? m_stream->receivedAtUs() : wallUs();
    ShardStats &stats = m_ctx->stats;
    if (m_ctx->measuring)
        ++stats.framesReceived;
    if (text.contains(kBroadcast)) {
        if (const auto m = decode(text))
            onBroadcast(m->payload, nowUs);
    } else if (text.contains(kPresenceDiff)) {
        if (const auto m = decode(text))
            onPresenceDiff(m->payload, nowUs);
    } else if (text.contains(kChanges)) {
        if (m_ctx->measuring)
            ++stats.changesDelivered;
    } else if (text.contains(kReply)) {
        if (m_state == State::Joining) {
            onJoinReply(text);
        } else if (text.contains(kErrorStatus)) {
            ++stats.errorReplies;
            stats.noteError(QStringLiteral("error reply to %1: %2")
                                .arg(m_member.userId, QString::fromUtf8(text)));
        }
    }
}

void LoadMember::onJoinReply(const QByteArray &text)
{
    const auto m = decode(text);
    if (!m || m->ref != m_joinRef)
        return;
    const QJsonObject payload = m->payload;
    if (payload.value(QLatin1String("status")).toString() == QLatin1String("ok")) {
        const QJsonObject state = payload.value(QLatin1String("response"))
                                      .toObject()
                                      .value(QLatin1String("state"))
                                      .toObject();
        m_position = state.value(QLatin1String("position")).toDouble();
        m_stateAtMs = state.value(QLatin1String("server_time_ms")).toInteger();
        m_playing = state.value(QLatin1String("playing")).toBool();
        settle(true);
        return;
    }
    ++m_ctx->stats.joinFailed;
    m_ctx->stats.noteError(
        QStringLiteral("join %1: %2").arg(m_member.userId, QString::fromUtf8(text)));
    settle(false);
}

void LoadMember::onBroadcast(const QJsonObject &broadcast, qint64 nowUs)
{
    const QString event = broadcast.value(QLatin1String("event")).toString();
    const QJsonObject body = broadcast.value(QLatin1String("payload")).toObject();
    ShardStats &stats = m_ctx->stats;
    if (event == QLatin1String("new_comment")) {
        const QString message = body.value(QLatin1String("message")).toString();
        if (!message.startsWith(kCommentPrefix))
            return;
        const qint64 offset =
            QStringView(message).mid(kCommentPrefix.size()).split(u' ').first().toLongLong();
        if (!m_ctx->inWindow(offset))
            return;
        ++stats.commentsDelivered;
        stats.comment.record(nowUs - m_ctx->runStartUs - offset);
        return;
    }
    if (!protocol::playback::isControl(event))
        return;
    m_position = body.value(QLatin1String("position")).toDouble();
    m_stateAtMs = body.value(QLatin1String("server_time_ms")).toInteger();
    m_playing = body.value(QLatin1String("playing")).toBool();
    const qint64 offset = std::llround(body.value(QLatin1String("current_time")).toDouble() * 1e6);
    if (!m_ctx->inWindow(offset))
        return;
    const qint64 latency = nowUs - m_ctx->runStartUs - offset;
    ++stats.controlsDelivered;
    stats.control.record(latency);
    if (m_member.crossNode)
        stats.controlCrossNode.record(latency);
    ShardStats::Spread &spread =
        stats.spread[QStringLiteral("%1:%2").arg(m_member.room).arg(offset)];
    ++spread.received;
    spread.lastUs = std::max(spread.lastUs, latency);
}

void LoadMember::onPresenceDiff(const QJsonObject &payload, qint64 nowUs)
{
    const QJsonObject joins = payload.value(QLatin1String("joins")).toObject();
    for (auto it = joins.begin(); it != joins.end(); ++it) {
        const QJsonArray metas = it.value().toObject().value(QLatin1String("metas")).toArray();
        for (const QJsonValue &meta : metas) {
            const QJsonValue sent = meta.toObject().value(QLatin1String("sent_us"));
            if (!sent.isDouble() || !m_ctx->inWindow(sent.toInteger()))
                continue;
            ++m_ctx->stats.presenceDelivered;
            m_ctx->stats.presence.record(nowUs - m_ctx->runStartUs - sent.toInteger());
        }
    }
}

void LoadMember::onDisconnected()
{
    m_stream = nullptr; // gone with the socket's stream
    switch (m_state) {
    case State::Connecting:
        ++m_ctx->stats.connectFailed;
        m_ctx->stats.noteError(
            QStringLiteral("connect %1: %2")
                .arg(m_member.userId, m_socket ? m_socket->errorString() : m_connectError));
        settle(false);
        break;
    case State::Joining:
    case State::Joined:
        ++m_ctx->stats.unexpectedCloses;
        m_ctx->stats.noteError(QStringLiteral("%1 closed by the server: %2 %3")
                                   .arg(m_member.userId)
                                   .arg(int(m_socket->peerCloseCode()))
                                   .arg(m_socket->peerCloseReason()));
        if (m_state == State::Joining)
            settle(false);
        m_state = State::Closed;
        break;
    default:
        break;
    }
}

double LoadMember::expectedPosition(qint64 nowUs) const
{
    const double sinceMs = double(nowUs / 1000 - m_stateAtMs);
    return std::max(0.0, m_position + (m_playing && sinceMs > 0 ? sinceMs / 1000.0 : 0.0));
}

} // namespace watchium::bench
