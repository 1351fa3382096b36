#include "realtime/RealtimeConnection.h"

#include "net/WsSocket.h"
#include "protocol/Codec.h"
#include "websocket/WsFrame.h"

#include <QDateTime>

#include <chrono>

namespace watchium::server {

namespace {
qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}
} // namespace

RealtimeConnection::RealtimeConnection(WsSocket *socket, protocol::Vsn vsn, int framesPerSecond,
                                       QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_vsn(vsn)
    , m_peer(m_socket->peerAddress().toString())
    , m_lastSeenMs(QDateTime::currentMSecsSinceEpoch())
    , m_framesPerSecond(framesPerSecond)
{
    m_socket->setParent(this);
    connect(m_socket, &WsSocket::textMessage, this, [this](const QByteArray &text) {
        m_lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT textFrame(text, nowUs());
    });
    connect(m_socket, &WsSocket::binaryMessage, this, [this](const QByteArray &data) {
        m_lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT binaryFrame(data, nowUs());
    });
    connect(m_socket, &WsSocket::disconnected, this, &RealtimeConnection::closed);
}

RealtimeConnection::~RealtimeConnection() = default;

Channel *RealtimeConnection::channel(const QString &topic)
{
    auto it = m_channels.find(topic);
    return it == m_channels.end() ? nullptr : &*it;
}

const Channel *RealtimeConnection::channel(const QString &topic) const
{
    auto it = m_channels.constFind(topic);
    return it == m_channels.cend() ? nullptr : &*it;
}

void RealtimeConnection::send(const protocol::Message &message)
{
    m_socket->sendText(protocol::Codec::encodeText(message, m_vsn));
}

void RealtimeConnection::send(const protocol::Message &envelope, QByteArrayView payloadJson)
{
    m_socket->sendText(protocol::Codec::encodeText(envelope, payloadJson, m_vsn));
}

void RealtimeConnection::sendPatiently(const protocol::Message &envelope,
                                       QByteArrayView payloadJson)
{
    m_socket->sendFramePatiently(ws::FrameWriter::frame(
        ws::Opcode::Text, protocol::Codec::encodeText(envelope, payloadJson, m_vsn)));
}

void RealtimeConnection::sendFrame(const QByteArray &frame)
{
    m_socket->sendFrame(frame);
}

void RealtimeConnection::close(quint16 code, const QString &reason)
{
    m_socket->close(code, reason);
}

bool RealtimeConnection::withinFrameBudget(qint64 nowMs)
{
    if (nowMs - m_budgetWindowStart >= 1000) {
        m_budgetWindowStart = nowMs;
        m_framesInWindow = 0;
    }
    return ++m_framesInWindow <= m_framesPerSecond;
}

} // namespace watchium::server
