#pragma once

#include "client/Backoff.h"
#include "client/ClientTls.h"
#include "client/PendingReplies.h"
#include "protocol/Message.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace watchium {

// The transport under a room session: one Phoenix socket speaking vsn 2.0.0
// text frames. It numbers refs, matches replies to pushes, heartbeats, and
// reconnects after a loss with jittered exponential backoff until close().
// It knows nothing of rooms; channels are its caller's business.
class ChannelSocket : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        // realtime-js's interval; the server closes sockets silent for ~60 s.
        int heartbeatIntervalMs = 25'000;
        // A heartbeat unanswered this long means the path is dead even if
        // TCP has not noticed (a sleeping laptop, a NAT that dropped us).
        int heartbeatTimeoutMs = 10'000;
        int connectTimeoutMs = 10'000;
        BackoffPolicy backoff;
    };

    explicit ChannelSocket(QObject *parent = nullptr);
    explicit ChannelSocket(Options options, QObject *parent = nullptr);
    ~ChannelSocket() override;

    // Connects to `url` and keeps reconnecting after losses until close().
    void open(const QUrl &url);
    // Closes for good: no reconnect; waiting pushes fail as Disconnected.
    void close();
    // Drops a connection known to be unusable and retries after the backoff.
    void reconnect(const QString &reason);
    // The connection proved useful (the caller's join succeeded), so the
    // next loss starts the backoff schedule from the beginning. Not done on
    // mere TCP success: a server that accepts and then refuses would
    // otherwise be hammered at the shortest delay.
    void resetBackoff() { m_attempt = 0; }

    // Which retry the pending reconnect is, counted since the connection last proved useful
    // (1: the first retry after a loss); 0 while connected. For "retrying (attempt N)".
    int retryAttempt() const { return m_attempt; }
    bool isOpen() const { return m_open; }
    // Extra CAs and the pin for wss servers (see ClientTls); applies from the next connection.
    void setTls(const ClientTls &tls) { m_tls = tls; }
    bool isActive() const { return m_active; }
    QUrl url() const { return m_url; }

    // The Realtime endpoint of the server at `serverUrl` (http → ws).
    static QUrl realtimeUrl(const QUrl &serverUrl, const QString &apiKey = {});

    QString makeRef();
    // Sends `message`, assigning a ref if it has none, and returns the ref.
    // `handler` gets the matching phx_reply, or Timeout / Disconnected. Not
    // open: returns an empty ref and the handler hears Disconnected from the
    // event loop, never from inside push().
    QString push(protocol::Message message, int timeoutMs = 10'000, ReplyHandler handler = {});

Q_SIGNALS:
    void opened();
    // The connection is gone; the next attempt starts in `retryInMs`.
    void connectionLost(const QString &reason, qint64 retryInMs);
    // Every frame but the replies a push is waiting for.
    void messageReceived(const watchium::protocol::Message &message);

private:
    void connectNow();
    void onConnected();
    void onLost(const QString &reason);
    void onText(const QString &text);
    void sendHeartbeat();
    // Detaches the current QWebSocket; it is deleted once it has closed.
    void releaseSocket(bool graceful);

    Options m_options;
    QUrl m_url;
    QWebSocket *m_socket = nullptr;
    ClientTls m_tls;
    QString m_tlsRefusal; // why the current connection's certificate was refused
    PendingReplies m_pending;
    QTimer m_heartbeat;
    QTimer m_reconnect;
    QTimer m_connectTimeout;
    QString m_heartbeatRef;
    quint64 m_nextRef = 1;
    int m_attempt = 0;
    bool m_active = false;
    bool m_open = false;
};

} // namespace watchium
