#include "realtime/RealtimeConnection.h"

#include "protocol/Codec.h"

#include <QDateTime>

#include <chrono>

namespace watchium::server {

namespace {
constexpr int kMaxFrameBytes = 64 * 1024;
// Presence every 3 s and a few controls are a handful of frames a second;
// 100 leaves room for bursts (reconnect rejoins) while stopping floods.
constexpr int kFramesPerSecond = 100;

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

RealtimeConnection::RealtimeConnection(std::unique_ptr<QWebSocket> socket, protocol::Vsn vsn,
                                       QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_vsn(vsn)
    , m_peer(m_socket->peerAddress().toString())
    , m_lastSeenMs(QDateTime::currentMSecsSinceEpoch())
{
    m_socket->setMaxAllowedIncomingFrameSize(kMaxFrameBytes);
    m_socket->setMaxAllowedIncomingMessageSize(kMaxFrameBytes);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT textFrame(text.toUtf8(), nowUs());
    });
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &data) {
                m_lastSeenMs = QDateTime::currentMSecsSinceEpoch();
                Q_EMIT binaryFrame(data, nowUs());
            });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &RealtimeConnection::closed);
}

RealtimeConnection::~RealtimeConnection()
{
    m_socket->disconnect(this);
}

void RealtimeConnection::send(const protocol::Message &message)
{
    sendEncoded(QString::fromUtf8(protocol::Codec::encodeText(message, m_vsn)));
}

void RealtimeConnection::sendEncoded(const QString &frame)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->sendTextMessage(frame);
}

void RealtimeConnection::sendBinary(const QByteArray &frame)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->sendBinaryMessage(frame);
}

void RealtimeConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_socket->close(code, reason);
}

bool RealtimeConnection::withinFrameBudget(qint64 nowMs)
{
    if (nowMs - m_budgetWindowStart >= 1000) {
        m_budgetWindowStart = nowMs;
        m_framesInWindow = 0;
    }
    return ++m_framesInWindow <= kFramesPerSecond;
}

} // namespace watchium::server
