#pragma once

#include "client/ChannelSocket.h"
#include "client/CommentOutbox.h"
#include "client/LocalStatus.h"
#include "client/PresenceTable.h"
#include "client/RoomRequests.h"
#include "client/RoomSession.h"
#include "client/ServerClock.h"
#include "client/TlsPolicy.h"
#include "domain/RoomState.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace watchium {

class RoomApi;

// One member's live session in a room: enters it over HTTP, joins its
// channel, keeps the authoritative RoomState, the host, the members'
// presence and the server clock, sends host controls and comments, and
// rejoins after any loss. The UI and the sync logic observe its signals;
// it knows nothing of the player (the caller feeds it LocalStatus).
class RoomClient : public QObject
{
    Q_OBJECT

public:
    enum class ConnectionState { Disconnected, Connecting, Joining, Joined, Reconnecting };
    Q_ENUM(ConnectionState)

    struct Options
    {
        QUrl serverUrl; // http(s)://host:port of the Watchium server
        QString apiKey; // the server's anon key, if it requires one
        ChannelSocket::Options socket;
        int presenceIntervalMs = 3000; // the seeds' presence period
        int requestTimeoutMs = 10'000; // realtime-js's push timeout
        // Retry of comments refused for a passing reason (rate limit, store).
        int commentRetryMs = 5000;
        // Added to this client's clock (see ServerClock::setLocalOffsetMs).
        double localClockOffsetMs = 0.0;
        // Extra CAs, SSL_CERT_FILE/DIR, or a pinned certificate for https servers.
        TlsPolicy tls;
    };

    explicit RoomClient(Options options, QNetworkAccessManager *network = nullptr,
                        QObject *parent = nullptr);
    ~RoomClient() override;

    // Enter a room over HTTP (entered() or failed()), then connect to it.
    void createRoom(const CreateRoomRequest &request);
    void joinRoom(const JoinRoomRequest &request);
    // Connect as a member already holding a token (e.g. after a restart).
    void connectToRoom(const RoomSession &session);
    // Close the connection but stay a member; unsent comments are kept.
    void disconnectFromRoom();
    // rooms-leave: the membership ends (left() or failed()).
    void leaveRoom();
    // leaveRoom() for whoever goes on regardless (a closing window, a quitting client):
    // leaveFinished() comes once, when the room answered either way or after `timeoutMs`
    // without an answer (the server is gone).
    void leaveRoomWithin(int timeoutMs);

    // Host controls; the server answers with controlAccepted/controlFailed.
    void play(double position);
    void pause(double position);
    void seek(double position);
    void setRate(double rate);
    // Host only: play another video in this room (the room pauses at its start), and whether
    // the room waits for members whose player is loading or buffering.
    void changeVideo(const QString &videoUrl);
    void setGroupWait(bool enabled);
    // Any other sync_control action (the queue's: see QueueClient).
    void sendControl(const QString &action, const QJsonObject &body) { control(action, body); }

    // Queues a comment and returns its idempotency key; it is sent now if
    // joined, otherwise after the next join, until acknowledged.
    QString sendComment(const QString &text, std::optional<double> videoTimestamp = std::nullopt,
                        std::optional<qint64> parentId = std::nullopt);
    int pendingComments() const { return m_outbox->size(); }
    // An emoji reaction for everyone in the room (the server's set, see domain/Reactions.h);
    // it comes back as broadcastReceived("reaction", {emoji, user_id, username}). Not queued:
    // a reaction is about now.
    void sendReaction(const QString &emoji);

    // Presence values: the provider, when set, is asked at every track.
    void setLocalStatus(const LocalStatus &status) { m_localStatus = status; }
    void setLocalStatusProvider(std::function<LocalStatus()> provider);
    // Sends presence now rather than at the next 3 s tick: the player's status changed, and
    // a group wait should not wait 3 s to learn it. At most one report per 100 ms.
    void reportStatusNow();

    ConnectionState connectionState() const { return m_state; }
    // See reconnectScheduled; 0 while joined.
    int reconnectAttempt() const { return m_socket->retryAttempt(); }
    RoomSession session() const { return m_session; }
    QString userId() const { return m_session.userId; }
    bool hasRoomState() const { return m_hasRoomState; }
    RoomState roomState() const { return m_roomState; }
    QString hostUserId() const { return m_hostUserId; }
    QString videoUrl() const { return m_videoUrl; }
    // Whether the room waits for members who load or buffer (the host's switch).
    bool groupWait() const { return m_groupWait; }
    bool isHost() const;
    // The channel's last join reply (see channelJoined); empty before the first.
    QJsonObject lastJoinReply() const { return m_lastJoinReply; }
    // Presence key (user_id) → that member's newest presence meta.
    QMap<QString, QJsonObject> members() const { return m_presence.members(); }

    // Local and server clock readings (ms since the epoch); see ServerClock.
    double localNowMs() const { return m_clock->localNowMs(); }
    qint64 serverNowMs() const { return m_clock->serverNowMs(); }
    const ClockSync &clock() const { return m_clock->sync(); }
    RoomApi *api() const { return m_api; }

Q_SIGNALS:
    void entered(const watchium::RoomSession &session);
    void failed(const QString &code, const QString &message);
    void left();
    void leaveFinished();
    void connectionStateChanged(watchium::RoomClient::ConnectionState state);
    // The connection was lost or a retry failed; retry number `attempt` (1, 2, ... since the
    // room was last joined) starts in `delayMs` (for "retrying (attempt 3)" in the UI).
    void reconnectScheduled(qint64 delayMs, const QString &reason, int attempt);
    void roomClosed();

    void roomStateChanged(const watchium::RoomState &state);
    // The host changed the room's video; the room state that goes with it follows.
    void videoChanged(const QString &videoUrl);
    void groupWaitChanged(bool enabled);
    void hostChanged(const QString &userId);
    void presenceChanged();
    void memberJoined(const QJsonObject &member);
    void memberLeft(const QJsonObject &member);
    void commentReceived(const QJsonObject &comment);
    // Any other broadcast on the room channel (reactions, chat, ...).
    void broadcastReceived(const QString &event, const QJsonObject &payload);

    void controlAccepted(const QString &action, const watchium::RoomState &state);
    void controlFailed(const QString &action, const QString &code, const QString &message);
    // The channel's join reply and an accepted control's reply, whole, for what rides along
    // (the queue).
    void channelJoined(const QJsonObject &reply);
    void controlReplied(const QJsonObject &reply);
    void commentAcknowledged(const QString &idempotencyKey, const QJsonObject &comment);
    void commentFailed(const QString &idempotencyKey, const QString &code, const QString &message);
    void reactionFailed(const QString &code, const QString &message);

private:
    void setState(ConnectionState state);
    void join();
    void onJoinReply(const ChannelReply &reply);
    void onConnectionLost(const QString &reason, qint64 retryInMs);
    void onMessage(const protocol::Message &message);
    void onBroadcast(const QString &event, const QJsonObject &payload);
    // Ends the session on our side; `code` non-empty: tell the caller why.
    void stop(const QString &code = {}, const QString &message = {});
    void forgetRoom(const QString &reason);

    QString push(const QString &event, const QJsonObject &payload, ReplyHandler handler = {});
    void control(const QString &action, QJsonObject body);
    bool applyRoomState(const RoomState &state, bool authoritative);
    void applyRoomRecord(const QJsonObject &room);
    void setHost(const QString &userId);
    void trackPresence();

    Options m_options;
    RoomApi *m_api;
    ChannelSocket *m_socket;
    ServerClock *m_clock;
    CommentOutbox *m_outbox;
    ConnectionState m_state = ConnectionState::Disconnected;
    RoomSession m_session;
    QString m_topic;
    QString m_joinRef;

    RoomState m_roomState;
    bool m_hasRoomState = false;
    QString m_hostUserId;
    PresenceTable m_presence;

    LocalStatus m_localStatus;
    std::function<LocalStatus()> m_statusProvider;
    QTimer m_presenceTimer;
    QTimer m_statusReportTimer;
    QElapsedTimer m_lastTrack;
    QString m_videoUrl;
    bool m_groupWait = true;
    QJsonObject m_lastJoinReply;
    bool m_knowsVideoUrl = false;
};

} // namespace watchium
