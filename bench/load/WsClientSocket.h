#pragma once

#include "net/Reactor.h"
#include "net/SendQueue.h"
#include "websocket/WsFrameParser.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

namespace watchium::bench {

// A WebSocket client on a raw non-blocking socket in a Reactor: what QWebSocket does for
// one connection, at a fraction of the CPU and memory, so that one generator process can drive
// thousands of members without becoming the thing measured. IPv4 literal hosts (and
// "localhost") only: the generator talks to a server on this machine.
class WsClientSocket : public QObject, private server::Reactor::Handler
{
    Q_OBJECT

public:
    explicit WsClientSocket(server::Reactor *reactor, QObject *parent = nullptr);
    ~WsClientSocket() override;

    void open(const QUrl &url);
    void sendText(QByteArrayView utf8);
    // Sends a close frame and lets the server end the connection.
    void close();
    void abort();

    QString errorString() const { return m_error; }
    // The kernel's receive time (µs since the epoch, SO_TIMESTAMP) of the bytes that completed
    // the message being delivered; 0 when the kernel gave none.
    qint64 receivedAtUs() const { return m_receivedAtUs; }
    quint16 closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }

Q_SIGNALS:
    void connected();
    void textMessage(const QByteArray &utf8);
    // Once, when the socket is gone for whatever reason (errorString() says which if it failed).
    void disconnected();

private:
    enum class State { Idle, Connecting, Handshaking, Open, Closing, Closed };

    void socketEvents(quint32 events) override;
    void onConnected();
    void read();
    void readFrames(QByteArrayView bytes);
    void write(QByteArrayView bytes);
    void flush();
    void afterSend(server::SendQueue::Result result);
    void fail(const QString &error);

    server::Reactor *m_reactor;
    int m_fd = -1;
    State m_state = State::Idle;
    QByteArray m_key;
    QByteArray m_request;
    QByteArray m_head;
    ws::FrameParser m_parser;
    server::SendQueue m_out;
    bool m_wantWrite = false;
    QString m_error;
    quint16 m_closeCode = 0;
    qint64 m_receivedAtUs = 0;
    QString m_closeReason;
};

} // namespace watchium::bench
