#pragma once

#include "net/ByteStream.h"
#include "net/Reactor.h"
#include "net/SendQueue.h"
#include "net/WriteCoalescer.h"
#include "websocket/WsFrameParser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include <memory>

namespace watchium::server {

// One WebSocket connection accepted by the server, on a raw non-blocking descriptor watched by an
// Reactor: the opening handshake, whole messages in, pre-encoded frames out, the close
// handshake. Frames go straight to the kernel; only what it does not take at once is kept, and a
// peer that lets more than `maxQueuedBytes` pile up is dropped rather than allowed to hold the
// server's memory. Knows nothing of channels or rooms.
class WsServerSocket : public QObject, private Reactor::Handler, private WriteCoalescer::Writer
{
    Q_OBJECT

public:
    enum class State { Handshaking, Open, Closing, Closed };

    struct Limits
    {
        qsizetype maxMessageBytes = 64 * 1024;
        qsizetype maxQueuedBytes = 4 * 1024 * 1024;
        int handshakeTimeoutMs = 10'000;
        int closeTimeoutMs = 2'000;
    };

    // Takes the stream of a connection whose first bytes (`received`, the opening handshake
    // or part of it) were already read by the HTTP layer; deleting the object closes it.
    WsServerSocket(std::unique_ptr<ByteStream> stream, QByteArray received, Reactor *reactor,
                   const Limits &limits, QObject *parent = nullptr);
    // Takes ownership of `fd`, a plain socket from which nothing was read yet.
    WsServerSocket(int fd, Reactor *reactor, const Limits &limits, QObject *parent = nullptr);
    ~WsServerSocket() override;

    State state() const { return m_state; }
    // The request target (path and query) of the upgrade, once upgraded() was emitted.
    QByteArray target() const { return m_target; }
    QHostAddress peerAddress() const { return m_peer; }
    // Bytes waiting for the peer to read them.
    qsizetype queuedBytes() const { return m_out.size(); }

    // From now on, frames sent to the socket in one turn of the event loop leave in one write
    // at the start of the next (null: each at once, as by default).
    void coalesceWith(WriteCoalescer *coalescer) { m_coalescer = coalescer; }

    // A whole frame from ws::FrameWriter (unmasked), shared by every socket it goes to.
    void sendFrame(const QByteArray &frame);
    void sendText(QByteArrayView utf8);
    // Starts the close handshake; the socket goes once the peer answers or closeTimeoutMs passes.
    void close(quint16 code, const QString &reason);
    // Drops the connection without a close frame.
    void abort();

Q_SIGNALS:
    // The handshake completed; the owner may now accept or close() the socket.
    void upgraded();
    void textMessage(const QByteArray &utf8);
    void binaryMessage(const QByteArray &data);
    // Emitted once, from the event loop (never from inside send or close), when the socket is gone.
    void disconnected();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void socketEvents(quint32 events) override;
    void readHandshake(QByteArrayView bytes);
    void readFrames(QByteArrayView bytes);
    // `now`: sent at once even when writes are coalesced (the handshake, the last bytes).
    void write(QByteArrayView bytes, bool now = false);
    void flush();
    void flushCoalesced() override;
    void afterSend(SendQueue::Result result);
    void setWantWrite(bool wantWrite);
    void refuse(const QByteArray &response);
    // Writes the connection's last bytes (a close frame or an HTTP refusal); once they are out,
    // our side shuts and the peer closes.
    void closeAfter(const QByteArray &lastBytes);
    void finish();
    // One timer at a time: the handshake deadline, then the close deadline; 0 stops it.
    void restartTimer(int ms);

    std::unique_ptr<ByteStream> m_stream; // null once closed
    Reactor *m_reactor;
    Limits m_limits;
    State m_state = State::Handshaking;
    QHostAddress m_peer;
    QByteArray m_head; // the handshake so far
    QByteArray m_target;
    ws::FrameParser m_parser;
    SendQueue m_out;
    WriteCoalescer *m_coalescer = nullptr;
    bool m_flushDeferred = false; // asked m_coalescer for a flush this turn
    bool m_wantWrite = false;
    bool m_shutdownAfterFlush = false;
    int m_timer = 0;
};

} // namespace watchium::server
