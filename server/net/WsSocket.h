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

// One WebSocket connection on a non-blocking stream watched by a Reactor, either end: the
// opening handshake, whole messages in, frames out, the close handshake. The server accepts
// connections with it; the load generator opens thousands with it as a client, so that what it
// measures is the server and not a heavier client. Frames go straight to the kernel; only what it
// does not take at once is kept, and a peer that lets more than `maxQueuedBytes` pile up is
// dropped rather than allowed to hold our memory. Knows nothing of channels or rooms.
class WsSocket : public QObject,
                 private Reactor::Handler,
                 private WriteCoalescer::Writer,
                 private OffThreadWrites::Owner
{
    Q_OBJECT

public:
    enum class Role : quint8 { Server, Client };
    enum class State : quint8 { Connecting, Handshaking, Open, Closing, Closed };

    struct Limits
    {
        qsizetype maxMessageBytes = 64 * 1024;
        qsizetype maxQueuedBytes = 4 * 1024 * 1024;
        // From the start to the end of the opening handshake (a client's TCP connect included).
        int handshakeTimeoutMs = 10'000;
        int closeTimeoutMs = 2'000;
    };

    // Server end: takes the stream of a connection whose first bytes (`received`, the opening
    // handshake or part of it) were already read by the HTTP layer; deleting the object closes it.
    WsSocket(std::unique_ptr<ByteStream> stream, QByteArray received, Reactor *reactor,
             const Limits &limits, QObject *parent = nullptr);
    // Server end on a plain socket from which nothing was read yet; takes ownership of `fd`.
    WsSocket(int fd, Reactor *reactor, const Limits &limits, QObject *parent = nullptr);
    // Client end: `stream` is a connection being made (sockets::connectTo); the handshake asks
    // `host` (the Host header) for `target` (path and query) once it is up.
    WsSocket(std::unique_ptr<ByteStream> stream, const QByteArray &host, const QByteArray &target,
             Reactor *reactor, const Limits &limits, QObject *parent = nullptr);
    ~WsSocket() override;

    Role role() const { return m_role; }
    State state() const { return m_state; }
    // The request target (path and query) of the upgrade, once upgraded() was emitted.
    QByteArray target() const { return m_target; }
    QHostAddress peerAddress() const { return m_peer; }
    // Bytes waiting for the peer to read them.
    qsizetype queuedBytes() const { return m_out.size() + m_inFlightBytes; }
    // Why the connection failed (a refused connect, a bad handshake, a broken frame); empty when
    // it ended as the protocol asks.
    QString errorString() const { return m_error; }
    // The code and reason of the peer's close frame, once it sent one.
    quint16 peerCloseCode() const { return m_peerCloseCode; }
    QString peerCloseReason() const { return m_peerCloseReason; }

    // From now on, frames sent to the socket in one turn of the event loop leave in one write
    // at the start of the next (null: each at once, as by default), on one of the coalescer's
    // write threads when it has them and this is a plain socket.
    void coalesceWith(WriteCoalescer *coalescer) { m_coalescer = coalescer; }

    // A whole frame from ws::FrameWriter, shared by every socket it goes to: unmasked, so only
    // for the server end.
    void sendFrame(const QByteArray &frame);
    // The same, for a frame nobody waits for: it may wait for the socket's next frame, up to the
    // coalescer's patience, and share its write.
    void sendFramePatiently(const QByteArray &frame);
    void sendText(QByteArrayView utf8);
    // Starts the close handshake; the socket goes once the peer answers or closeTimeoutMs passes.
    void close(quint16 code, const QString &reason = {});
    // Drops the connection without a close frame.
    void abort();

Q_SIGNALS:
    // The handshake completed: a server's owner may now accept or close() the socket, a client
    // may send.
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
    // The handshake's head is complete (`head`); false when the connection was refused.
    bool acceptRequest(QByteArrayView head);
    bool acceptResponse(QByteArrayView head);
    void readFrames(QByteArrayView bytes);
    // A frame from this end: masked by a client, as RFC 6455 requires.
    QByteArray frame(ws::Opcode opcode, QByteArrayView payload) const;
    QByteArray closeFrame(quint16 code, QByteArrayView reason) const;
    // `now`: sent at once even when writes are coalesced (the handshake, the last bytes).
    void write(QByteArrayView bytes, bool now = false);
    void flush();
    void flushCoalesced() override;
    void patienceOver() override;
    // Takes back whatever the socket asked of the coalescer.
    void leaveCoalescer();
    void written(const QByteArray &bytes, qsizetype sent, int error) override;
    // Closes the stream, or leaves it to the write thread that is still writing to it.
    void releaseStream();
    void afterSend(SendQueue::Result result);
    void setWantWrite(bool wantWrite);
    void refuse(const QByteArray &response);
    // Writes the connection's last bytes (a close frame or an HTTP refusal); once they are out,
    // our side shuts and the peer closes.
    void closeAfter(const QByteArray &lastBytes);
    void fail(const QString &error);
    void finish();
    // One timer at a time: the handshake deadline, then the close deadline; 0 stops it.
    void restartTimer(int ms);

    std::unique_ptr<ByteStream> m_stream; // null once closed
    Reactor *m_reactor;
    Limits m_limits;
    Role m_role;
    State m_state = State::Handshaking;
    bool m_flushDeferred = false; // asked m_coalescer for a flush this turn
    bool m_patient = false; // asked m_coalescer to say when held bytes have waited enough
    bool m_wantWrite = false;
    bool m_inFlight = false; // a write thread has bytes of ours: later ones wait in m_out
    bool m_shutdownAfterFlush = false;
    quint16 m_peerCloseCode = 0;
    int m_timer = 0;
    QHostAddress m_peer;
    QByteArray m_head; // the handshake so far
    QByteArray m_target;
    QByteArray m_clientKey; // the client's Sec-WebSocket-Key, until the server answered it
    ws::FrameParser m_parser;
    SendQueue m_out;
    qsizetype m_inFlightBytes = 0;
    WriteCoalescer *m_coalescer = nullptr;
    QString m_error;
    QString m_peerCloseReason;
};

} // namespace watchium::server
