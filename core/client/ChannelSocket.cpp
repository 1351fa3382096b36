#include "client/ChannelSocket.h"

#include "protocol/Paths.h"

#include "protocol/Codec.h"
#include "protocol/Topics.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcSocket, "watchium.client.socket")

namespace watchium {

using protocol::Codec;
using protocol::Message;

namespace {
// Long enough for a close handshake on a slow link, short enough that a
// peer that never answers does not keep the object around.
constexpr int kCloseGraceMs = 3000;
} // namespace

ChannelSocket::ChannelSocket(QObject *parent)
    : ChannelSocket(Options {}, parent)
{
}

ChannelSocket::ChannelSocket(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_heartbeat.setInterval(m_options.heartbeatIntervalMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &ChannelSocket::sendHeartbeat);
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &ChannelSocket::connectNow);
    m_connectTimeout.setSingleShot(true);
    connect(&m_connectTimeout, &QTimer::timeout, this,
            [this] { onLost(QStringLiteral("connect timed out")); });
}

ChannelSocket::~ChannelSocket()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void ChannelSocket::open(const QUrl &url)
{
    close();
    m_url = url;
    m_active = true;
    m_attempt = 0;
    connectNow();
}

void ChannelSocket::close()
{
    m_active = false;
    m_reconnect.stop();
    m_heartbeat.stop();
    m_connectTimeout.stop();
    m_open = false;
    releaseSocket(true);
    m_pending.failAll(ChannelReply::Status::Disconnected);
}

void ChannelSocket::reconnect(const QString &reason)
{
    if (m_socket)
        onLost(reason);
}

QUrl ChannelSocket::realtimeUrl(const QUrl &serverUrl, const QString &apiKey)
{
    QUrl url = serverUrl;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
    url.setPath(protocol::paths::kRealtimeSocket);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("vsn"), QStringLiteral("2.0.0"));
    if (!apiKey.isEmpty())
        query.addQueryItem(QStringLiteral("apikey"), apiKey);
    url.setQuery(query);
    return url;
}

QString ChannelSocket::makeRef()
{
    return QString::number(m_nextRef++);
}

QString ChannelSocket::push(Message message, int timeoutMs, ReplyHandler handler)
{
    if (!m_open) {
        if (handler) {
            QMetaObject::invokeMethod(
                this,
                [handler] {
                    handler(ChannelReply {ChannelReply::Status::Disconnected, {}});
                },
                Qt::QueuedConnection);
        }
        return {};
    }
    if (message.ref.isEmpty())
        message.ref = makeRef();
    if (handler)
        m_pending.add(message.ref, timeoutMs, std::move(handler));
    m_socket->sendTextMessage(QString::fromUtf8(Codec::encodeText(message, protocol::Vsn::V2)));
    return message.ref;
}

void ChannelSocket::connectNow()
{
    if (!m_active)
        return;
    releaseSocket(false);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_tlsRefusal.clear();
    m_tls.prepare(m_socket);
    m_tls.guard(m_socket, [this](const QString &why) { m_tlsRefusal = why; });
    connect(m_socket, &QWebSocket::connected, this, &ChannelSocket::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        // A close frame's reason if there was one, else the socket error
        // (refused, reset), which QWebSocket may report only this way.
        QString reason = m_tlsRefusal.isEmpty() ? m_socket->closeReason() : m_tlsRefusal;
        if (reason.isEmpty() && m_socket->error() != QAbstractSocket::UnknownSocketError)
            reason = m_socket->errorString();
        onLost(reason.isEmpty() ? QStringLiteral("connection closed") : reason);
    });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this] { onLost(m_tlsRefusal.isEmpty() ? m_socket->errorString() : m_tlsRefusal); });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ChannelSocket::onText);
    // Binary frames carry raw-byte user broadcasts, which rooms never use.
    qCDebug(lcSocket) << "connecting to" << m_url.toString(QUrl::RemoveQuery) << "attempt"
                      << m_attempt;
    m_connectTimeout.start(m_options.connectTimeoutMs);
    m_socket->open(m_url);
}

void ChannelSocket::onConnected()
{
    if (const QString refused = m_tls.checkConnected(m_socket); !refused.isEmpty()) {
        onLost(refused);
        return;
    }
    m_connectTimeout.stop();
    m_open = true;
    m_heartbeatRef.clear();
    m_heartbeat.start();
    qCInfo(lcSocket) << "connected to" << m_url.toString(QUrl::RemoveQuery);
    Q_EMIT opened();
}

void ChannelSocket::onLost(const QString &reason)
{
    if (!m_socket)
        return; // already handled: error and disconnected both report one loss
    m_open = false;
    m_heartbeat.stop();
    m_connectTimeout.stop();
    releaseSocket(false);
    qint64 delay = -1;
    if (m_active) {
        delay = backoffDelayMs(m_attempt++, QRandomGenerator::global()->generateDouble(),
                               m_options.backoff);
        m_reconnect.start(int(delay));
    }
    qCInfo(lcSocket) << "connection lost:" << reason << "- retrying in" << delay << "ms";
    // The caller learns of the loss before the waiting pushes do, so their
    // handlers see a session that already knows it is reconnecting.
    Q_EMIT connectionLost(reason, delay);
    m_pending.failAll(ChannelReply::Status::Disconnected);
}

void ChannelSocket::onText(const QString &text)
{
    const auto decoded = Codec::decodeText(text.toUtf8(), protocol::Vsn::V2);
    if (!decoded.message) {
        qCWarning(lcSocket) << "undecodable frame:" << decoded.error;
        return;
    }
    const Message &m = *decoded.message;
    if (m.event == QLatin1String("phx_reply")) {
        const bool ok = m.payload.value(QLatin1String("status")).toString() == QLatin1String("ok");
        const ChannelReply reply {ok ? ChannelReply::Status::Ok : ChannelReply::Status::Error,
                                  m.payload.value(QLatin1String("response")).toObject()};
        if (m_pending.resolve(m.ref, reply))
            return;
    }
    Q_EMIT messageReceived(m);
}

void ChannelSocket::sendHeartbeat()
{
    if (!m_heartbeatRef.isEmpty() && m_pending.contains(m_heartbeatRef)) {
        reconnect(QStringLiteral("previous heartbeat still unanswered"));
        return;
    }
    Message heartbeat;
    heartbeat.topic = QString(protocol::topics::kPhoenixTopic);
    heartbeat.event = QStringLiteral("heartbeat");
    m_heartbeatRef = push(heartbeat, m_options.heartbeatTimeoutMs, [this](const ChannelReply &r) {
        if (r.status == ChannelReply::Status::Timeout)
            reconnect(QStringLiteral("heartbeat timeout"));
    });
}

void ChannelSocket::releaseSocket(bool graceful)
{
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    if (!socket)
        return;
    socket->disconnect(this);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState) {
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(kCloseGraceMs, socket, &QObject::deleteLater);
        socket->close();
        return;
    }
    socket->abort();
    socket->deleteLater();
}

} // namespace watchium
