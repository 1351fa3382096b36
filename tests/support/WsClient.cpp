#include "WsClient.h"

#include "protocol/Codec.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

namespace watchium::test {

using protocol::Codec;
using protocol::Message;

WsClient::WsClient(protocol::Vsn vsn)
    : m_vsn(vsn)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const auto decoded = Codec::decodeText(text.toUtf8(), m_vsn);
        if (decoded.message) {
            m_received.append(*decoded.message);
            Q_EMIT messageReceived();
        } else {
            qWarning("undecodable frame from server: %s", qPrintable(text.left(200)));
        }
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        // Kind 4 user broadcast: turn it into a broadcast message for tests.
        if (data.size() < 5 || quint8(data.at(0)) != 4)
            return;
        const int topicSize = quint8(data.at(1));
        const int eventSize = quint8(data.at(2));
        const int metaSize = quint8(data.at(3));
        Message m;
        m.topic = QString::fromLatin1(data.mid(5, topicSize));
        m.event = QStringLiteral("broadcast");
        m.payload = {
            {QStringLiteral("type"), QStringLiteral("broadcast")},
            {QStringLiteral("event"), QString::fromLatin1(data.mid(5 + topicSize, eventSize))}};
        m.binaryPayload = data.mid(5 + topicSize + eventSize + metaSize);
        m.hasBinaryPayload = true;
        m_received.append(m);
        Q_EMIT messageReceived();
    });
}

bool WsClient::open(const QString &url)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    m_socket.open(QUrl(url));
    return connected.wait(5000) || m_socket.state() == QAbstractSocket::ConnectedState;
}

void WsClient::close()
{
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    m_socket.close();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        disconnected.wait(5000);
}

bool WsClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

QString WsClient::push(const QString &topic, const QString &event, const QJsonObject &payload,
                       const QString &joinRef)
{
    Message m;
    m.ref = QString::number(m_nextRef++);
    m.joinRef = joinRef.isEmpty() ? m_joinRefs.value(topic) : joinRef;
    m.topic = topic;
    m.event = event;
    m.payload = payload;
    sendText(Codec::encodeText(m, m_vsn));
    return m.ref;
}

QJsonObject WsClient::request(const QString &topic, const QString &event,
                              const QJsonObject &payload, const QString &joinRef)
{
    const QString ref = push(topic, event, payload, joinRef);
    const auto reply = waitFor(
        [&](const Message &m) { return m.event == QLatin1String("phx_reply") && m.ref == ref; });
    return reply ? reply->payload : QJsonObject();
}

QJsonObject WsClient::join(const QString &topic, const QJsonObject &config, const QString &token)
{
    QJsonObject payload {{QStringLiteral("config"), config}};
    if (!token.isEmpty())
        payload.insert(QStringLiteral("access_token"), token);
    const QString ref = QString::number(m_nextRef);
    m_joinRefs.insert(topic, ref);
    return request(topic, QStringLiteral("phx_join"), payload, ref);
}

void WsClient::sendText(const QByteArray &frame)
{
    m_socket.sendTextMessage(QString::fromUtf8(frame));
}

void WsClient::sendBinary(const QByteArray &frame)
{
    m_socket.sendBinaryMessage(frame);
}

std::optional<Message> WsClient::waitFor(const Predicate &predicate, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0;
    while (true) {
        for (; checked < m_received.size(); ++checked) {
            if (predicate(m_received.at(checked)))
                return m_received.at(checked);
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QSignalSpy spy(this, &WsClient::messageReceived);
        spy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

std::optional<Message> WsClient::waitForBroadcast(const QString &topic, const QString &event,
                                                  int timeoutMs)
{
    return waitFor(
        [&](const Message &m) {
            return m.topic == topic && m.event == QLatin1String("broadcast")
                && m.payload.value(QLatin1String("event")).toString() == event;
        },
        timeoutMs);
}

int WsClient::count(const Predicate &predicate) const
{
    return int(std::count_if(m_received.cbegin(), m_received.cend(), predicate));
}

} // namespace watchium::test
