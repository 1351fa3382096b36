#include "client/RoomClient.h"

#include "protocol/PlaybackEvents.h"

#include "client/RoomApi.h"
#include "domain/Validation.h"
#include "protocol/ErrorCodes.h"
#include "protocol/Topics.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <memory>
#include <utility>

Q_LOGGING_CATEGORY(lcClient, "watchium.client")

namespace watchium {

using protocol::Message;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// Refusals that a retry cannot fix: the room is gone or the token is not
// (any longer) a member's. Anything else may pass, so the join is retried.
bool isPermanentJoinRefusal(const QString &code)
{
    return code == protocol::errors::kRoomNotFound || code == protocol::errors::kInvalidToken
        || code == protocol::errors::kTokenRequired;
}

// Bursts of status changes (a seek that buffers, then plays) become one report.
constexpr int kStatusReportSpacingMs = 100;

} // namespace

RoomClient::RoomClient(Options options, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_api(new RoomApi(m_options.serverUrl, m_options.apiKey, network, this))
    , m_socket(new ChannelSocket(m_options.socket, this))
    , m_clock(new ServerClock(
          [this](const QJsonObject &payload, ReplyHandler handler) {
              push(QStringLiteral("clock"), payload, std::move(handler));
          },
          this))
    , m_outbox(new CommentOutbox(
          [this](const QJsonObject &payload, ReplyHandler handler) {
              push(QStringLiteral("comment"), payload, std::move(handler));
          },
          this))
{
    const ClientTls tls(m_options.tls);
    m_api->setTls(tls);
    m_socket->setTls(tls);
    connect(m_socket, &ChannelSocket::opened, this, &RoomClient::join);
    connect(m_socket, &ChannelSocket::connectionLost, this, &RoomClient::onConnectionLost);
    connect(m_socket, &ChannelSocket::messageReceived, this, &RoomClient::onMessage);
    m_clock->setLocalOffsetMs(m_options.localClockOffsetMs);
    m_presenceTimer.setInterval(m_options.presenceIntervalMs);
    connect(&m_presenceTimer, &QTimer::timeout, this, &RoomClient::trackPresence);
    m_statusReportTimer.setSingleShot(true);
    m_statusReportTimer.setInterval(kStatusReportSpacingMs);
    connect(&m_statusReportTimer, &QTimer::timeout, this, &RoomClient::trackPresence);
    // The server's control lead needs this member's delays, which the join's
    // presence could not carry: the first usable clock estimate goes out at
    // once rather than at the next periodic track.
    connect(m_clock, &ServerClock::updated, this, [this] {
        if (m_clock->sync().sampleCount() == m_clock->sync().tuning().greedyPings)
            trackPresence();
    });
    m_outbox->setRetryIntervalMs(m_options.commentRetryMs);
    connect(m_outbox, &CommentOutbox::acknowledged, this, &RoomClient::commentAcknowledged);
    connect(m_outbox, &CommentOutbox::failed, this, &RoomClient::commentFailed);
}

// Waiting push handlers capture `this`, but the socket never runs them
// while it is destroyed, so nothing needs closing first.
RoomClient::~RoomClient() = default;

void RoomClient::createRoom(const CreateRoomRequest &request)
{
    m_api->createRoom(request, [this](const RoomApi::Result &r) {
        if (!r.ok) {
            Q_EMIT failed(r.code, r.message);
            return;
        }
        const RoomSession session = RoomSession::fromReply(r.data);
        Q_EMIT entered(session);
        connectToRoom(session);
    });
}

void RoomClient::joinRoom(const JoinRoomRequest &request)
{
    m_api->joinRoom(request, [this, request](const RoomApi::Result &r) {
        if (!r.ok) {
            Q_EMIT failed(r.code, r.message);
            return;
        }
        RoomSession session = RoomSession::fromReply(r.data);
        if (session.accessKey.isEmpty())
            session.accessKey = request.accessKey;
        Q_EMIT entered(session);
        connectToRoom(session);
    });
}

void RoomClient::connectToRoom(const RoomSession &session)
{
    stop();
    if (session.roomId != m_session.roomId)
        forgetRoom(QStringLiteral("another room was entered"));
    m_session = session;
    applyRoomRecord(session.room);
    m_topic = protocol::topics::roomTopic(session.roomId);
    setState(ConnectionState::Connecting);
    m_socket->open(ChannelSocket::realtimeUrl(m_options.serverUrl, m_options.apiKey));
}

void RoomClient::disconnectFromRoom()
{
    stop();
}

void RoomClient::leaveRoom()
{
    if (!m_session.isValid())
        return;
    m_api->leaveRoom(m_session, [this, roomId = m_session.roomId](const RoomApi::Result &r) {
        if (roomId != m_session.roomId)
            return; // another room was entered meanwhile
        if (!r.ok) {
            Q_EMIT failed(r.code, r.message);
            return;
        }
        stop();
        forgetRoom(QStringLiteral("left the room"));
        m_session = {};
        Q_EMIT left();
    });
}

void RoomClient::leaveRoomWithin(int timeoutMs)
{
    if (!m_session.isValid()) {
        Q_EMIT leaveFinished();
        return;
    }
    // Only the first of the three ways of finishing counts; the others go with `pending`.
    auto *pending = new QObject(this);
    auto done = std::make_shared<bool>(false);
    auto finish = [this, pending, done] {
        if (std::exchange(*done, true))
            return;
        pending->deleteLater();
        Q_EMIT leaveFinished();
    };
    connect(this, &RoomClient::left, pending, finish);
    connect(this, &RoomClient::failed, pending, finish);
    QTimer::singleShot(timeoutMs, pending, finish);
    leaveRoom();
}

void RoomClient::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcClient) << "room" << m_session.roomId << "connection" << state;
    Q_EMIT connectionStateChanged(state);
}

void RoomClient::join()
{
    setState(ConnectionState::Joining);
    // Diffs from before the new presence_state describe a state we lack.
    m_presence.reset();
    const QJsonObject config {
        {QStringLiteral("broadcast"),
         // ack: the server answers each broadcast, so a refused reaction can be told apart.
         QJsonObject {{QStringLiteral("self"), true}, {QStringLiteral("ack"), true}}},
        {QStringLiteral("presence"),
         // interval_ms: we track on this period, so the server may take us for gone when
         // we stop (a frozen process whose socket the kernel keeps open).
         QJsonObject {{QStringLiteral("key"), m_session.userId},
                      {QStringLiteral("enabled"), true},
                      {QStringLiteral("interval_ms"), m_options.presenceIntervalMs}}},
        {QStringLiteral("postgres_changes"), QJsonArray {}},
        {QStringLiteral("private"), false}};
    Message m;
    m.topic = m_topic;
    m.event = QStringLiteral("phx_join");
    m.ref = m.joinRef = m_socket->makeRef();
    m.payload = {{QStringLiteral("config"), config},
                 {QStringLiteral("access_token"), m_session.memberToken}};
    m_joinRef = m.joinRef;
    m_socket->push(m, m_options.requestTimeoutMs,
                   [this](const ChannelReply &reply) { onJoinReply(reply); });
}

void RoomClient::onJoinReply(const ChannelReply &reply)
{
    switch (reply.status) {
    case ChannelReply::Status::Disconnected:
        return; // the socket reconnects and we join again
    case ChannelReply::Status::Timeout:
        m_socket->reconnect(QStringLiteral("join timed out"));
        return;
    case ChannelReply::Status::Error:
        if (isPermanentJoinRefusal(reply.code())) {
            qCWarning(lcClient) << "room" << m_session.roomId
                                << "refused the join:" << reply.code();
            stop(reply.code(), reply.reason());
        } else {
            m_socket->reconnect(QStringLiteral("join refused: ") + reply.reason());
        }
        return;
    case ChannelReply::Status::Ok:
        break;
    }
    const QJsonObject &response = reply.response;
    // A public room's channel takes a rejected token as an anonymous viewer;
    // a member session that cannot act as its member has nothing to do there.
    const QString me = str(response, "user_id");
    if (me.isEmpty()) {
        stop(protocol::errors::kInvalidToken,
             QStringLiteral("the server no longer accepts this member token"));
        return;
    }
    m_session.userId = me;
    // The join reply is the server's state right now: taken even if its seq
    // is lower than ours (a store restored from a backup), or we would ignore
    // every control until the seq caught up.
    if (response.contains(QLatin1String("state")))
        applyRoomState(RoomState::fromJson(response.value(QLatin1String("state")).toObject()),
                       true);
    setHost(str(response, "host_user_id"));
    applyRoomRecord(response.value(QLatin1String("room")).toObject());
    m_socket->resetBackoff();
    setState(ConnectionState::Joined);
    qCInfo(lcClient) << "joined room" << m_session.roomId << "as" << me;
    trackPresence();
    m_presenceTimer.start();
    m_clock->start();
    m_outbox->setConnected(true);
    m_lastJoinReply = response;
    Q_EMIT channelJoined(response);
}

void RoomClient::onConnectionLost(const QString &reason, qint64 retryInMs)
{
    m_presenceTimer.stop();
    m_clock->stop();
    m_outbox->setConnected(false);
    if (!m_socket->isActive())
        return;
    setState(ConnectionState::Reconnecting);
    Q_EMIT reconnectScheduled(retryInMs, reason, m_socket->retryAttempt());
}

void RoomClient::onMessage(const Message &m)
{
    if (m.topic != m_topic) {
        if (m.event == QLatin1String("phx_error"))
            qCWarning(lcClient) << "server reported a bad frame:" << str(m.payload, "reason");
        return;
    }
    // A frame of an earlier join of this topic: its channel is gone.
    if (!m.joinRef.isNull() && m.joinRef != m_joinRef)
        return;
    if (m.event == QLatin1String("broadcast")) {
        onBroadcast(str(m.payload, "event"), m.payload.value(QLatin1String("payload")).toObject());
    } else if (m.event == QLatin1String("presence_state")) {
        m_presence.applyState(m.payload);
        Q_EMIT presenceChanged();
    } else if (m.event == QLatin1String("presence_diff")) {
        if (m_presence.applyDiff(m.payload))
            Q_EMIT presenceChanged();
    } else if (m.event == QLatin1String("phx_close")) {
        qCInfo(lcClient) << "room" << m_session.roomId << "was closed by the server";
        stop();
        // Nowhere left to deliver them; the state stays for a last look.
        m_outbox->clear(QStringLiteral("room_closed"), QStringLiteral("the room was closed"));
        Q_EMIT roomClosed();
    } else if (m.event == QLatin1String("phx_error")) {
        m_socket->reconnect(QStringLiteral("channel error"));
    }
}

void RoomClient::onBroadcast(const QString &event, const QJsonObject &payload)
{
    if (protocol::playback::isControl(event)) {
        applyRoomState(RoomState::fromJson(payload), false);
    } else if (event == QLatin1String("state")) {
        // A change the server made by itself (a group wait, the end of the video, the
        // video's length learned): newer seqs only, like a control.
        applyRoomState(RoomState::fromJson(payload), false);
    } else if (event == QLatin1String("video_changed")
               || event == QLatin1String("episode_changed")) {
        applyRoomRecord(payload);
        applyRoomState(RoomState::fromJson(payload.value(QLatin1String("state")).toObject()),
                       false);
        if (event == QLatin1String("episode_changed"))
            Q_EMIT broadcastReceived(event, payload);
    } else if (event == QLatin1String("group_wait")) {
        applyRoomRecord(payload);
    } else if (event == QLatin1String("new_host")) {
        setHost(str(payload, "user_id"));
    } else if (event == QLatin1String("member_joined")) {
        Q_EMIT memberJoined(payload);
    } else if (event == QLatin1String("member_left")) {
        Q_EMIT memberLeft(payload);
    } else if (event == QLatin1String("new_comment")) {
        Q_EMIT commentReceived(payload);
    } else {
        Q_EMIT broadcastReceived(event, payload);
    }
}

void RoomClient::stop(const QString &code, const QString &message)
{
    m_presenceTimer.stop();
    m_clock->stop();
    m_outbox->setConnected(false);
    m_socket->close();
    setState(ConnectionState::Disconnected);
    if (!code.isEmpty())
        Q_EMIT failed(code, message);
}

void RoomClient::forgetRoom(const QString &reason)
{
    m_outbox->clear(QStringLiteral("left_room"), reason);
    m_roomState = {};
    m_hasRoomState = false;
    m_hostUserId.clear();
    m_videoUrl.clear();
    m_groupWait = true;
    m_presence = {};
    m_lastJoinReply = {};
    m_knowsVideoUrl = false;
}

QString RoomClient::push(const QString &event, const QJsonObject &payload, ReplyHandler handler)
{
    Message m;
    m.topic = m_topic;
    m.joinRef = m_joinRef;
    m.event = event;
    m.payload = payload;
    return m_socket->push(m, m_options.requestTimeoutMs, std::move(handler));
}

bool RoomClient::isHost() const
{
    return !m_hostUserId.isEmpty() && m_hostUserId == m_session.userId;
}

void RoomClient::setHost(const QString &userId)
{
    if (userId.isEmpty() || userId == m_hostUserId)
        return;
    m_hostUserId = userId;
    Q_EMIT hostChanged(userId);
}

void RoomClient::applyRoomRecord(const QJsonObject &room)
{
    const QJsonValue url = room.value(QLatin1String("video_url"));
    // "" is a room (or episode) of everyone's own files: a change from it is news too.
    if (url.isString() && (url.toString() != m_videoUrl || !m_knowsVideoUrl)) {
        const bool first = !m_knowsVideoUrl;
        m_knowsVideoUrl = true;
        m_videoUrl = url.toString();
        if (!first)
            Q_EMIT videoChanged(m_videoUrl);
    }
    const QJsonValue wait = room.value(QLatin1String("group_wait"));
    if (wait.isBool() && wait.toBool() != m_groupWait) {
        m_groupWait = wait.toBool();
        Q_EMIT groupWaitChanged(m_groupWait);
    }
}

bool RoomClient::applyRoomState(const RoomState &state, bool authoritative)
{
    // Equal seqs are the same change seen twice (the control's reply and its
    // broadcast); lower ones are late frames the newer state supersedes.
    if (m_hasRoomState && !authoritative && state.seq <= m_roomState.seq)
        return false;
    if (m_hasRoomState && state == m_roomState)
        return false;
    m_roomState = state;
    m_hasRoomState = true;
    Q_EMIT roomStateChanged(state);
    return true;
}

void RoomClient::play(double position)
{
    control(QStringLiteral("play"), {{QStringLiteral("current_time"), position}});
}

void RoomClient::pause(double position)
{
    control(QStringLiteral("pause"), {{QStringLiteral("current_time"), position}});
}

void RoomClient::seek(double position)
{
    control(QStringLiteral("seek"), {{QStringLiteral("current_time"), position}});
}

void RoomClient::setRate(double rate)
{
    control(QStringLiteral("rate"), {{QStringLiteral("playback_rate"), rate}});
}

void RoomClient::changeVideo(const QString &videoUrl)
{
    control(QStringLiteral("video"), {{QStringLiteral("video_url"), videoUrl}});
}

void RoomClient::setGroupWait(bool enabled)
{
    control(QStringLiteral("group_wait"), {{QStringLiteral("enabled"), enabled}});
}

void RoomClient::control(const QString &action, QJsonObject body)
{
    // Not queued while away: a control replayed seconds later would move
    // the room somewhere the host no longer means.
    if (m_state != ConnectionState::Joined) {
        Q_EMIT controlFailed(action, protocol::errors::kNotConnected,
                             QStringLiteral("not connected to the room"));
        return;
    }
    body.insert(QStringLiteral("action"), action);
    push(QStringLiteral("sync_control"), body, [this, action](const ChannelReply &reply) {
        if (!reply.ok()) {
            Q_EMIT controlFailed(action, reply.code(), reply.reason());
            return;
        }
        applyRoomRecord(reply.response.value(QLatin1String("room")).toObject());
        const QJsonObject state = reply.response.value(QLatin1String("state")).toObject();
        applyRoomState(RoomState::fromJson(state), false);
        Q_EMIT controlReplied(reply.response);
        Q_EMIT controlAccepted(action, m_roomState);
    });
}

QString RoomClient::sendComment(const QString &text, std::optional<double> videoTimestamp,
                                std::optional<qint64> parentId)
{
    return m_outbox->add(text, videoTimestamp, parentId);
}

void RoomClient::sendReaction(const QString &emoji)
{
    if (m_state != ConnectionState::Joined) {
        Q_EMIT reactionFailed(protocol::errors::kNotConnected,
                              QStringLiteral("not connected to the room"));
        return;
    }
    const QJsonObject broadcast {
        {QStringLiteral("type"), QStringLiteral("broadcast")},
        {QStringLiteral("event"), QStringLiteral("reaction")},
        {QStringLiteral("payload"), QJsonObject {{QStringLiteral("emoji"), emoji}}}};
    push(QStringLiteral("broadcast"), broadcast, [this](const ChannelReply &reply) {
        if (!reply.ok())
            Q_EMIT reactionFailed(reply.code(), reply.reason());
    });
}

void RoomClient::setLocalStatusProvider(std::function<LocalStatus()> provider)
{
    m_statusProvider = std::move(provider);
}

void RoomClient::reportStatusNow()
{
    if (m_state != ConnectionState::Joined || m_statusReportTimer.isActive())
        return;
    const qint64 sinceLast = m_lastTrack.isValid() ? m_lastTrack.elapsed() : kStatusReportSpacingMs;
    m_statusReportTimer.start(int(std::max<qint64>(0, kStatusReportSpacingMs - sinceLast)));
}

void RoomClient::trackPresence()
{
    if (m_state != ConnectionState::Joined)
        return;
    m_statusReportTimer.stop();
    m_lastTrack.start();
    const LocalStatus s = m_statusProvider ? m_statusProvider() : m_localStatus;
    QJsonObject meta {{QStringLiteral("user_id"), m_session.userId},
                      {QStringLiteral("username"), m_session.username},
                      {QStringLiteral("current_time"), s.currentTime},
                      {QStringLiteral("is_playing"), s.isPlaying},
                      {QStringLiteral("sync_error_ms"), s.syncErrorMs},
                      {QStringLiteral("buffering"), s.buffering},
                      {QStringLiteral("rtt_ms"), m_clock->sync().rttMs()},
                      {QStringLiteral("down_delay_ms"), m_clock->sync().downDelayMs()}};
    if (s.player != PlayerStatus::Unknown)
        meta.insert(QStringLiteral("player_state"), playerStatusName(s.player));
    if (s.player == PlayerStatus::Error)
        meta.insert(QStringLiteral("player_error"),
                    s.playerError.left(validation::kPlayerErrorMax));
    if (s.duration > 0)
        meta.insert(QStringLiteral("duration"), s.duration);
    if (!s.media.isEmpty())
        meta.insert(QStringLiteral("media"), s.media.toJson());
    // So the others can show it before their next members-get-list. Bounded in bytes, not
    // characters: the server refuses a meta over 4 KiB whole, sync error and all.
    if (!m_session.avatarUrl.isEmpty()
        && m_session.avatarUrl.toUtf8().size() <= validation::kUrlMax)
        meta.insert(QStringLiteral("avatar_url"), m_session.avatarUrl);
    push(QStringLiteral("presence"),
         {{QStringLiteral("type"), QStringLiteral("presence")},
          {QStringLiteral("event"), QStringLiteral("track")},
          {QStringLiteral("payload"), meta}},
         [roomId = m_session.roomId](const ChannelReply &reply) {
             if (reply.status == ChannelReply::Status::Error)
                 qCWarning(lcClient) << "room" << roomId << "refused presence:" << reply.reason();
         });
}

} // namespace watchium
