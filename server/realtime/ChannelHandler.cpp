#include "realtime/ChannelHandler.h"

#include "domain/MediaIdentity.h"
#include "Logging.h"
#include "ops/Metrics.h"
#include "protocol/Codec.h"
#include "protocol/ErrorCodes.h"
#include "protocol/Topics.h"
#include "realtime/PresenceLiveness.h"
#include "realtime/RealtimeConnection.h"
#include "realtime/RealtimeHub.h"
#include "rooms/BroadcastRule.h"
#include "rooms/CommentService.h"
#include "rooms/LiveRooms.h"
#include "rooms/MemberService.h"
#include "rooms/PlaybackService.h"
#include "rooms/PlaybackSupervisor.h"
#include "rooms/QueueService.h"
#include "rooms/ReactionService.h"
#include "rooms/RoomService.h"
#include "ServerConfig.h"
#include "websocket/WsFrame.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <chrono>
#include <utility>

namespace watchium::server {

using protocol::Codec;
using protocol::Message;

namespace {

constexpr int kTopicMax = 255;
constexpr int kPresenceMetaMax = 4096;
// An answer that says no more than ok, encoded once and for all.
constexpr QByteArrayView kOkPayload = R"({"response":{},"status":"ok"})";
constexpr int kBindingsMax = 16;
// As Supabase Realtime's max_channels_per_client: each channel holds memory and routes, and a
// client that never leaves one would otherwise grow the server without end.
constexpr int kChannelsMax = 100;

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

double nowMsPrecise()
{
    using namespace std::chrono;
    return double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count())
        / 1000.0;
}

} // namespace

ChannelHandler::ChannelHandler(RealtimeHub *hub, Services services)
    : m_hub(hub)
    , m_services(services)
    , m_silent(services.config, hub, services.live, services.rooms)
{
}

void ChannelHandler::onText(RealtimeConnection *c, const QByteArray &frame, qint64 receivedAtUs)
{
    m_services.metrics->messageIn();
    handleDecoded(c, Codec::decodeText(frame, c->vsn()), receivedAtUs);
}

void ChannelHandler::onBinary(RealtimeConnection *c, const QByteArray &frame, qint64 receivedAtUs)
{
    m_services.metrics->messageIn();
    if (c->vsn() != protocol::Vsn::V2) {
        m_services.metrics->rejected(QStringLiteral("bad_frame"));
        c->close(ws::close::UnsupportedData, QStringLiteral("binary frames need vsn 2.0.0"));
        return;
    }
    handleDecoded(c, Codec::decodeBinary(frame), receivedAtUs);
}

void ChannelHandler::handleDecoded(RealtimeConnection *c, const Codec::DecodeResult &decoded,
                                   qint64 receivedAtUs)
{
    if (decoded.message) {
        dispatch(c, *decoded.message, receivedAtUs);
        return;
    }
    m_services.metrics->rejected(QStringLiteral("bad_frame"));
    // No ref to answer to: tell the client on the phoenix topic.
    Message error;
    error.topic = QString(protocol::topics::kPhoenixTopic);
    error.event = QStringLiteral("phx_error");
    error.payload = {{QStringLiteral("reason"), decoded.error}};
    c->send(error);
}

void ChannelHandler::dispatch(RealtimeConnection *c, const Message &m, qint64 receivedAtUs)
{
    if (!c->withinFrameBudget(QDateTime::currentMSecsSinceEpoch())) {
        m_services.metrics->rejected(QStringLiteral("flood"));
        replyError(c, m, QStringLiteral("too many frames; slow down"),
                   protocol::errors::kRateLimited);
        return;
    }
    if (m.topic == protocol::topics::kPhoenixTopic) {
        if (m.event == QLatin1String("heartbeat"))
            replyOk(c, m, {});
        else
            replyError(c, m, QStringLiteral("unknown event on phoenix topic"));
        return;
    }
    if (m.event == QLatin1String("phx_join")) {
        join(c, m);
        return;
    }
    if (m.event == QLatin1String("clock")) {
        clock(c, m, receivedAtUs);
        return;
    }
    Channel *joined = c->channel(m.topic);
    if (!joined) {
        replyError(c, m, QStringLiteral("unmatched topic"));
        return;
    }
    Channel &channel = *joined;
    if (m.event == QLatin1String("phx_leave")) {
        replyOk(c, m, {});
        closeChannel(c, m.topic, CloseReason::Left);
    } else if (m.event == QLatin1String("broadcast")) {
        broadcast(c, channel, m);
    } else if (m.event == QLatin1String("presence")) {
        presence(c, channel, m);
    } else if (m.event == QLatin1String("access_token")) {
        accessToken(c, channel, m);
    } else if (m.event == QLatin1String("sync_control")) {
        syncControl(c, channel, m, m.payload);
    } else if (m.event == QLatin1String("comment")) {
        comment(c, channel, m);
    } else {
        m_services.metrics->rejected(QStringLiteral("unknown_event"));
        replyError(c, m, QStringLiteral("unknown event %1").arg(m.event.left(64)));
    }
}

int ChannelHandler::bindingId(const QJsonObject &binding)
{
    const QString signature =
        QString::fromUtf8(QJsonDocument(binding).toJson(QJsonDocument::Compact));
    auto it = m_bindingIds.constFind(signature);
    if (it != m_bindingIds.cend())
        return *it;
    const int id = int(m_bindingIds.size()) + 1;
    m_bindingIds.insert(signature, id);
    return id;
}

void ChannelHandler::join(RealtimeConnection *c, const Message &m)
{
    if (!m.topic.startsWith(QLatin1String("realtime:")) || m.topic.size() > kTopicMax) {
        replyError(c, m, QStringLiteral("topics are realtime:<name>, at most 255 characters"));
        return;
    }
    if (c->channel(m.topic)) {
        closeChannel(c, m.topic, CloseReason::Left); // a rejoin replaces the old channel
    } else if (c->channels().size() >= kChannelsMax) {
        m_services.metrics->rejected(QStringLiteral("too_many_channels"));
        replyError(c, m,
                   QStringLiteral("at most %1 channels on one connection; leave one first")
                       .arg(kChannelsMax),
                   QStringLiteral("too_many_channels"));
        return;
    }
    const QJsonObject config = m.payload.value(QLatin1String("config")).toObject();
    Channel channel;
    channel.topic = m.topic;
    channel.joinRef = m.joinRef.isNull() ? m.ref : m.joinRef;
    channel.roomId = protocol::topics::roomIdFromTopic(m.topic);
    const QJsonObject broadcastConfig = config.value(QLatin1String("broadcast")).toObject();
    channel.broadcastSelf = broadcastConfig.value(QLatin1String("self")).toBool();
    channel.broadcastAck = broadcastConfig.value(QLatin1String("ack")).toBool();
    const QJsonObject presenceConfig = config.value(QLatin1String("presence")).toObject();
    channel.presenceKey = presenceConfig.value(QLatin1String("key")).toString().left(128);
    channel.presenceIntervalMs =
        PresenceLiveness::declaredIntervalMs(presenceConfig.value(QLatin1String("interval_ms")));
    channel.lastTrackMs = QDateTime::currentMSecsSinceEpoch();

    const QJsonArray requested = config.value(QLatin1String("postgres_changes")).toArray();
    if (requested.size() > kBindingsMax) {
        replyError(c, m, QStringLiteral("at most %1 postgres_changes bindings").arg(kBindingsMax));
        return;
    }
    QJsonArray echoed;
    for (const QJsonValue &value : requested) {
        const QJsonObject b = value.toObject();
        const QString event = str(b, "event").toUpper();
        const auto filter = ChangeFilter::parse(str(b, "filter"));
        static const QSet<QString> kEvents {QStringLiteral("INSERT"), QStringLiteral("UPDATE"),
                                            QStringLiteral("DELETE"), QStringLiteral("*")};
        if (!kEvents.contains(event) || str(b, "table").isEmpty() || !filter) {
            replyError(c, m, QStringLiteral("invalid postgres_changes binding"));
            return;
        }
        ChangeBinding binding {bindingId(b), b, event, str(b, "table"), *filter};
        QJsonObject echo = b;
        echo.insert(QStringLiteral("id"), binding.id);
        echoed.append(echo);
        channel.bindings.append(binding);
    }

    QJsonObject response {{QStringLiteral("postgres_changes"), echoed}};
    if (!channel.roomId.isEmpty()) {
        LiveRoom *room = m_services.live->get(channel.roomId);
        if (!room) {
            replyError(c, m, QStringLiteral("room not found"), protocol::errors::kRoomNotFound);
            return;
        }
        const QString token = str(m.payload, "access_token");
        const QString refusal =
            token.isEmpty() ? QStringLiteral("token required") : identify(channel, token);
        if (!refusal.isEmpty() && !room->room.isPublic) {
            m_services.metrics->rejected(QStringLiteral("join_refused"));
            replyError(c, m, QStringLiteral("private room: %1").arg(refusal),
                       protocol::errors::kInvalidToken);
            return;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        response.insert(QStringLiteral("state"), room->room.state.toJson());
        response.insert(QStringLiteral("server_time"), now);
        response.insert(QStringLiteral("host_user_id"), room->room.hostUserId);
        response.insert(QStringLiteral("user_id"), channel.userId);
        response.insert(QStringLiteral("room"),
                        QJsonObject {{QStringLiteral("video_url"), room->room.videoUrl},
                                     {QStringLiteral("group_wait"), room->room.groupWait},
                                     {QStringLiteral("episode_number"), room->room.episode}});
        if (m_services.queue)
            response.insert(QStringLiteral("queue"), m_services.queue->snapshot(room));
    }
    c->addChannel(channel);
    m_hub->attach(c, channel);
    replyOk(c, m, response);

    Message state;
    state.topic = m.topic;
    state.joinRef = channel.joinRef;
    state.event = QStringLiteral("presence_state");
    state.payload = m_hub->presenceState(m.topic);
    c->send(state);
    if (!channel.bindings.isEmpty()) {
        Message system;
        system.topic = m.topic;
        system.joinRef = channel.joinRef;
        system.event = QStringLiteral("system");
        system.payload = {{QStringLiteral("extension"), QStringLiteral("postgres_changes")},
                          {QStringLiteral("status"), QStringLiteral("ok")},
                          {QStringLiteral("message"), QStringLiteral("Subscribed to PostgreSQL")},
                          {QStringLiteral("channel"), protocol::topics::channelName(m.topic)}};
        c->send(system);
    }
}

void ChannelHandler::closeChannel(RealtimeConnection *c, const QString &topic, CloseReason reason)
{
    if (!c->channel(topic))
        return;
    Channel channel = c->takeChannel(topic);
    if (reason != CloseReason::Left) {
        // The client did not ask: tell it, so it does not wait for a room that is gone.
        Message close;
        close.topic = topic;
        close.joinRef = channel.joinRef;
        close.event = QStringLiteral("phx_close");
        c->send(close);
    }
    m_hub->detach(c, channel);
    // A closed room's subscribers are all leaving at once; nobody is left to tell.
    if (channel.tracking && reason != CloseReason::RoomClosed)
        m_hub->presenceDiff(topic, channel.presenceKey, {}, channel.presenceMeta);
    if (reason == CloseReason::Left)
        releaseIdentity(channel);
}

void ChannelHandler::memberRemoved(RealtimeConnection *c, const QString &topic,
                                   const QString &userId)
{
    Channel *channel = c->channel(topic);
    if (!channel || channel->userId != userId)
        return;
    // Not released: the room already counted the member out.
    channel->userId.clear();
    channel->token.clear();
    // In a public room the socket stays on as a viewer; a private room's channel is for
    // members only.
    const LiveRoom *room = m_services.live->get(channel->roomId);
    if (room && room->room.isPublic)
        return;
    closeChannel(c, topic, CloseReason::MemberRemoved);
}

QString ChannelHandler::identify(Channel &channel, const QString &token)
{
    const auto auth = m_services.live->authenticate(token, channel.roomId);
    if (const auto *error = std::get_if<ApiError>(&auth))
        return error->message;
    const auto member = std::get<LiveRooms::Member>(auth);
    if (channel.userId == member.member->userId) {
        channel.token = token;
        return {};
    }
    releaseIdentity(channel);
    channel.userId = member.member->userId;
    channel.token = token;
    m_services.rooms->memberConnected(channel.roomId, channel.userId);
    return {};
}

void ChannelHandler::releaseIdentity(Channel &channel)
{
    // A silent channel's member was already counted out when its presence expired.
    const bool counted = !std::exchange(channel.silent, false);
    if (channel.userId.isEmpty())
        return;
    if (counted)
        m_services.rooms->memberDisconnected(channel.roomId, channel.userId);
    channel.userId.clear();
    channel.token.clear();
}

void ChannelHandler::broadcast(RealtimeConnection *c, Channel &channel, const Message &m)
{
    const QString event = str(m.payload, "event");
    if (str(m.payload, "type") != QLatin1String("broadcast") || event.isEmpty()
        || event.size() > 255) {
        replyError(c, m, QStringLiteral("broadcast payload needs type \"broadcast\" and an event"));
        return;
    }
    const QJsonObject body = m.payload.value(QLatin1String("payload")).toObject();
    const auto verdict =
        BroadcastRule::judge(!channel.roomId.isEmpty(), !channel.userId.isEmpty(), event);
    if (verdict == BroadcastRule::Verdict::Control) {
        // The server applies it and announces the resulting state itself.
        syncControl(c, channel, m, BroadcastRule::controlRequest(event, body));
        return;
    }
    if (verdict == BroadcastRule::Verdict::Reaction) {
        reaction(c, channel, m, body);
        return;
    }
    if (verdict != BroadcastRule::Verdict::Relay) {
        const ApiError refusal = BroadcastRule::refusal(verdict, event);
        m_services.metrics->rejected(refusal.code);
        replyError(c, m, refusal.message, refusal.code);
        return;
    }
    RealtimeConnection *except = channel.broadcastSelf ? nullptr : c;
    if (m.hasBinaryPayload) {
        m_hub->broadcastBinary(m.topic, event, m.binaryPayload, except);
    } else {
        Message out = RealtimeHub::broadcastMessage(m.topic, event, body);
        if (m.payload.contains(QLatin1String("meta")))
            out.payload.insert(QStringLiteral("meta"), m.payload.value(QLatin1String("meta")));
        m_hub->memberBroadcast(out, except);
    }
    // As Supabase Realtime: a channel joined with broadcast ack off gets no reply (realtime-js
    // resolves send() at once), one frame fewer per broadcast. Refusals above are answered.
    if (channel.broadcastAck)
        replyOk(c, m, {});
}

void ChannelHandler::presence(RealtimeConnection *c, Channel &channel, const Message &m)
{
    const QString event = str(m.payload, "event");
    if (event == QLatin1String("untrack")) {
        if (channel.tracking) {
            channel.tracking = false;
            m_hub->presenceDiff(m.topic, channel.presenceKey, {}, channel.presenceMeta);
            channel.presenceMeta = {};
        }
        replyOk(c, m, {});
        return;
    }
    const QJsonValue metaValue = m.payload.value(QLatin1String("payload"));
    QJsonObject meta = metaValue.toObject();
    const PresenceMeta old = channel.presenceMeta;
    const QString ref = QStringLiteral("p%1%2").arg(m_refPrefix).arg(++m_presenceRefs);
    meta.insert(QStringLiteral("phx_ref"), ref);
    // The bytes our refs add (plain ASCII, never escaped) are not the client's to count: its
    // own part is held to exactly 4 KiB.
    qsizetype refBytes = QByteArrayView(R"(,"phx_ref":"")").size() + ref.size();
    if (channel.tracking) {
        meta.insert(QStringLiteral("phx_ref_prev"), old.ref);
        refBytes += QByteArrayView(R"(,"phx_ref_prev":"")").size() + old.ref.size();
    }
    // Encoded once, here: the bound is checked on it and every diff splices it in.
    const PresenceMeta encoded = PresenceMeta::of(meta);
    if (event != QLatin1String("track") || !metaValue.isObject()
        || encoded.json.size() > kPresenceMetaMax + refBytes) {
        replyError(c, m,
                   QStringLiteral("presence needs event track with an object payload of "
                                  "at most 4 KiB, or event untrack"));
        return;
    }
    // Members compare their files by `media`: one that breaks its bounds (a path for a name,
    // say) is refused rather than relayed to everyone.
    const QJsonValue media = metaValue.toObject().value(QLatin1String("media"));
    MediaIdentity parsed;
    if (!media.isUndefined()) {
        const QString problem = MediaIdentity::parse(media, &parsed);
        if (!problem.isEmpty()) {
            replyError(c, m, QStringLiteral("presence media: ") + problem);
            return;
        }
    }
    if (channel.presenceKey.isEmpty())
        channel.presenceKey = QStringLiteral("anon-%1%2").arg(m_refPrefix).arg(++m_presenceRefs);
    channel.presenceMeta = encoded;
    channel.tracking = true;
    // Back from a freeze: online again before its position is taken, a join to the others.
    m_silent.tracked(channel, QDateTime::currentMSecsSinceEpoch());
    if (!channel.userId.isEmpty()) {
        if (LiveRoom *room = m_services.live->get(channel.roomId)) {
            if (MemberRecord *member = room->member(channel.userId)) {
                m_services.members->presence(room, member, meta);
                m_services.supervisor->memberReported(room, *member);
            }
        }
    }
    m_hub->presenceDiff(m.topic, channel.presenceKey, encoded, old);
    // Nobody waits on it (realtime-js's track() resolves on it, the seeds never await it): it
    // may ride in the write of the presence_diff that carries this report, within the window.
    c->sendPatiently(okReply(m, {}), kOkPayload);
    m_services.metrics->messagesOut(1);
}

void ChannelHandler::expireSilentPresence(RealtimeConnection *c, qint64 nowMs)
{
    m_silent.expire(c, nowMs);
}

void ChannelHandler::accessToken(RealtimeConnection *c, Channel &channel, const Message &m)
{
    const QString token = str(m.payload, "access_token");
    if (channel.roomId.isEmpty() || token.isEmpty() || token == channel.token) {
        replyOk(c, m, {});
        return;
    }
    const QString refusal = identify(channel, token);
    if (refusal.isEmpty())
        replyOk(c, m, {{QStringLiteral("user_id"), channel.userId}});
    else
        replyError(c, m, refusal, protocol::errors::kInvalidToken);
}

void ChannelHandler::syncControl(RealtimeConnection *c, Channel &channel, const Message &m,
                                 const QJsonObject &body)
{
    if (channel.roomId.isEmpty() || channel.userId.isEmpty()) {
        m_services.metrics->rejected(protocol::errors::kNotHost);
        replyError(c, m, QStringLiteral("only the host controls playback"),
                   protocol::errors::kNotHost);
        return;
    }
    const auto auth = m_services.live->authenticate(channel.token, channel.roomId);
    if (const auto *error = std::get_if<ApiError>(&auth)) {
        replyError(c, m, error->message, error->code);
        return;
    }
    const Outcome outcome =
        m_services.playback->controlAs(std::get<LiveRooms::Member>(auth), body, c->peerAddress());
    if (outcome.ok)
        replyOk(c, m, outcome.data);
    else
        replyError(c, m, outcome.error.message, outcome.error.code);
}

void ChannelHandler::reaction(RealtimeConnection *c, Channel &channel, const Message &m,
                              const QJsonObject &body)
{
    const auto auth = m_services.live->authenticate(channel.token, channel.roomId);
    if (const auto *error = std::get_if<ApiError>(&auth)) {
        replyError(c, m, error->message, error->code);
        return;
    }
    const Outcome outcome =
        m_services.reactions->react(std::get<LiveRooms::Member>(auth), body, c->peerAddress());
    if (!outcome.ok) {
        replyError(c, m, outcome.error.message, outcome.error.code);
        return;
    }
    m_hub->memberBroadcast(
        RealtimeHub::broadcastMessage(m.topic, QStringLiteral("reaction"), outcome.data),
        channel.broadcastSelf ? nullptr : c);
    replyOk(c, m, {});
}

void ChannelHandler::comment(RealtimeConnection *c, Channel &channel, const Message &m)
{
    if (channel.roomId.isEmpty() || channel.userId.isEmpty()) {
        replyError(c, m, QStringLiteral("only room members can comment here"),
                   protocol::errors::kTokenRequired);
        return;
    }
    QJsonObject body = m.payload;
    body.insert(QStringLiteral("room_id"), channel.roomId);
    const Outcome outcome = m_services.comments->create(body, {channel.token, c->peerAddress()});
    if (outcome.ok)
        replyOk(c, m, outcome.data);
    else
        replyError(c, m, outcome.error.message, outcome.error.code);
}

void ChannelHandler::clock(RealtimeConnection *c, const Message &m, qint64 receivedAtUs)
{
    const QJsonValue t0 = m.payload.value(QLatin1String("t0"));
    if (!t0.isDouble()) {
        replyError(c, m, QStringLiteral("clock needs a numeric t0"));
        return;
    }
    replyOk(c, m,
            {{QStringLiteral("t0"), t0},
             {QStringLiteral("t1"), double(receivedAtUs) / 1000.0},
             {QStringLiteral("t2"), nowMsPrecise()}});
}

Message ChannelHandler::okReply(const Message &to, const QJsonObject &response)
{
    Message reply;
    reply.joinRef = to.joinRef;
    reply.ref = to.ref;
    reply.topic = to.topic;
    reply.event = QStringLiteral("phx_reply");
    reply.payload = {{QStringLiteral("status"), QStringLiteral("ok")},
                     {QStringLiteral("response"), response}};
    return reply;
}

void ChannelHandler::replyOk(RealtimeConnection *c, const Message &to, const QJsonObject &response)
{
    // Most answers say no more than ok (heartbeats, reports): their payload is always the same.
    if (response.isEmpty())
        c->send(okReply(to, {}), kOkPayload);
    else
        c->send(okReply(to, response));
    m_services.metrics->messagesOut(1);
}

void ChannelHandler::replyError(RealtimeConnection *c, const Message &to, const QString &reason,
                                const QString &code)
{
    Message reply;
    reply.joinRef = to.joinRef;
    reply.ref = to.ref;
    reply.topic = to.topic;
    reply.event = QStringLiteral("phx_reply");
    QJsonObject response {{QStringLiteral("reason"), reason}};
    if (!code.isEmpty())
        response.insert(QStringLiteral("code"), code);
    reply.payload = {{QStringLiteral("status"), QStringLiteral("error")},
                     {QStringLiteral("response"), response}};
    c->send(reply);
    m_services.metrics->messagesOut(1);
}

} // namespace watchium::server
