#pragma once

#include "protocol/Message.h"

#include <QList>
#include <QObject>
#include <QWebSocket>

#include <functional>
#include <optional>

namespace watchium::test {

// A real WebSocket client speaking the channel protocol for tests: it sends
// frames, records everything received, and waits (with a bound) for replies
// and events.
class WsClient : public QObject
{
    Q_OBJECT

public:
    explicit WsClient(protocol::Vsn vsn = protocol::Vsn::V2);

    bool open(const QString &url);
    void close();
    bool isConnected() const;

    QString push(const QString &topic, const QString &event, const QJsonObject &payload,
                 const QString &joinRef = {});
    // Pushes and waits for its phx_reply; returns the reply payload
    // ({status, response}) or an empty object on timeout.
    QJsonObject request(const QString &topic, const QString &event, const QJsonObject &payload,
                        const QString &joinRef = {});
    QJsonObject join(const QString &topic, const QJsonObject &config, const QString &token = {});

    void sendText(const QByteArray &frame);
    void sendBinary(const QByteArray &frame);

    using Predicate = std::function<bool(const protocol::Message &)>;
    std::optional<protocol::Message> waitFor(const Predicate &predicate, int timeoutMs = 5000);
    // A broadcast whose user event is `event` on `topic`.
    std::optional<protocol::Message> waitForBroadcast(const QString &topic, const QString &event,
                                                      int timeoutMs = 5000);
    QList<protocol::Message> received() const { return m_received; }
    int count(const Predicate &predicate) const;
    void clear() { m_received.clear(); }

    QString joinRefOf(const QString &topic) const { return m_joinRefs.value(topic); }
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    QWebSocket &socket() { return m_socket; }

Q_SIGNALS:
    void messageReceived();

private:
    QWebSocket m_socket;
    protocol::Vsn m_vsn;
    int m_nextRef = 1;
    QList<protocol::Message> m_received;
    QHash<QString, QString> m_joinRefs;
};

} // namespace watchium::test
