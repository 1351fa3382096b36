#include "net/WsServerSocket.h"

#include "Logging.h"
#include "net/PlainStream.h"
#include "websocket/WsHandshake.h"

#include <QLoggingCategory>
#include <QTimerEvent>

namespace watchium::server {

namespace {

// One read buffer for every socket of the thread: a socket keeps only what a partial frame needs.
constexpr qsizetype kReadChunk = 64 * 1024;
// Reads per readiness event; the level-triggered reactor calls again for the rest, so one busy
// peer cannot starve the others.
constexpr int kReadsPerEvent = 4;

} // namespace

WsServerSocket::WsServerSocket(std::unique_ptr<ByteStream> stream, QByteArray received,
                               Reactor *reactor, const Limits &limits, QObject *parent)
    : QObject(parent)
    , m_stream(std::move(stream))
    , m_reactor(reactor)
    , m_limits(limits)
    , m_peer(m_stream->peerAddress())
    , m_parser(ws::FrameParser::Role::Server, limits.maxMessageBytes)
{
    if (!m_reactor->add(m_stream->descriptor(), this)) {
        finish();
        return;
    }
    restartTimer(m_limits.handshakeTimeoutMs);
    if (!received.isEmpty()) {
        // From the event loop, so that the owner has connected to upgraded() by then.
        QMetaObject::invokeMethod(
            this,
            [this, received] {
                if (m_state == State::Handshaking)
                    readHandshake(received);
            },
            Qt::QueuedConnection);
    }
}

WsServerSocket::WsServerSocket(int fd, Reactor *reactor, const Limits &limits, QObject *parent)
    : WsServerSocket(std::make_unique<PlainStream>(fd), {}, reactor, limits, parent)
{
}

WsServerSocket::~WsServerSocket()
{
    if (m_flushDeferred)
        m_coalescer->forget(this);
    if (m_stream)
        m_reactor->remove(m_stream->descriptor());
}

void WsServerSocket::sendFrame(const QByteArray &frame)
{
    if (m_state == State::Open)
        write(frame);
}

void WsServerSocket::sendText(QByteArrayView utf8)
{
    if (m_state == State::Open)
        write(ws::FrameWriter::frame(ws::Opcode::Text, utf8));
}

void WsServerSocket::close(quint16 code, const QString &reason)
{
    if (m_state == State::Handshaking) {
        abort();
        return;
    }
    if (m_state != State::Open)
        return;
    restartTimer(m_limits.closeTimeoutMs);
    closeAfter(ws::FrameWriter::closeFrame(code, reason.toUtf8()));
}

void WsServerSocket::abort()
{
    finish();
}

void WsServerSocket::restartTimer(int ms)
{
    if (m_timer)
        killTimer(m_timer);
    m_timer = ms > 0 ? startTimer(ms) : 0;
}

void WsServerSocket::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer)
        return QObject::timerEvent(event);
    // A handshake that never completes, or a close the peer never answers.
    finish();
}

void WsServerSocket::socketEvents(quint32 events)
{
    if (!m_stream)
        return;
    if (events & Reactor::Writable)
        flush();
    if (m_stream && (events & (Reactor::Readable | Reactor::HangUp | Reactor::Error))) {
        static thread_local char buffer[kReadChunk];
        for (int i = 0; i < kReadsPerEvent && m_stream; ++i) {
            const qsizetype n = m_stream->read(buffer, sizeof(buffer));
            if (n > 0) {
                const QByteArrayView bytes(buffer, n);
                if (m_state == State::Handshaking)
                    readHandshake(bytes);
                else if (m_state != State::Closed)
                    readFrames(bytes);
                if (n < qsizetype(sizeof(buffer)))
                    break;
                continue;
            }
            if (n == 0)
                break;
            finish(); // the peer closed or the connection broke
            break;
        }
    }
}

void WsServerSocket::readHandshake(QByteArrayView bytes)
{
    m_head.append(bytes);
    const qsizetype end = ws::handshake::headEnd(m_head);
    if (end < 0) {
        if (m_head.size() > ws::handshake::kMaxHeadBytes)
            refuse(ws::handshake::refusal(431, QStringLiteral("request_too_large"),
                                          QStringLiteral("The request head is too large.")));
        return;
    }
    QString error;
    const auto request = ws::handshake::parseRequest(QByteArrayView(m_head).first(end), &error);
    if (!request) {
        refuse(ws::handshake::refusal(400, QStringLiteral("bad_request"), error));
        return;
    }
    const ws::handshake::Upgrade upgrade = ws::handshake::checkUpgrade(*request);
    if (upgrade.status != 101) {
        refuse(ws::handshake::refusal(upgrade.status, QStringLiteral("websocket_required"),
                                      upgrade.error));
        return;
    }
    const QByteArray rest = m_head.mid(end);
    m_head = QByteArray();
    m_target = request->target;
    restartTimer(0);
    m_state = State::Open;
    write(ws::handshake::switchingProtocols(upgrade.key), true);
    Q_EMIT upgraded();
    if (!rest.isEmpty() && m_state != State::Closed)
        readFrames(rest);
}

void WsServerSocket::readFrames(QByteArrayView bytes)
{
    const bool ok = m_parser.feed(bytes, [this](ws::FrameParser::Event &&event) {
        using Kind = ws::FrameParser::Event::Kind;
        switch (event.kind) {
        case Kind::Text:
            if (m_state == State::Open)
                Q_EMIT textMessage(event.payload);
            break;
        case Kind::Binary:
            if (m_state == State::Open)
                Q_EMIT binaryMessage(event.payload);
            break;
        case Kind::Ping:
            if (m_state == State::Open)
                write(ws::FrameWriter::frame(ws::Opcode::Pong, event.payload));
            break;
        case Kind::Pong:
            break;
        case Kind::Close:
            if (m_state == State::Open) {
                // Echo the peer's code, then let it close the TCP connection first.
                const quint16 code =
                    event.closeCode == ws::close::NoStatus ? ws::close::Normal : event.closeCode;
                restartTimer(m_limits.closeTimeoutMs);
                closeAfter(ws::FrameWriter::closeFrame(code, {}));
            } else if (m_state == State::Closing && m_out.size() == 0) {
                finish();
            }
            break;
        }
    });
    if (!ok && m_state == State::Open) {
        qCInfo(lcReactor) << "closing WebSocket from" << m_peer.toString() << ":"
                          << m_parser.errorReason();
        close(m_parser.errorCode(), m_parser.errorReason());
    }
}

void WsServerSocket::refuse(const QByteArray &response)
{
    m_head = QByteArray();
    closeAfter(response);
}

void WsServerSocket::closeAfter(const QByteArray &lastBytes)
{
    m_state = State::Closing;
    m_shutdownAfterFlush = true;
    write(lastBytes, true);
}

void WsServerSocket::write(QByteArrayView bytes, bool now)
{
    if (!m_stream)
        return;
    if (m_flushDeferred && now) {
        // What this turn held goes first, with these bytes, now: the last bytes before a
        // shutdown must not wait for a turn that may never come.
        m_coalescer->forget(this);
        m_flushDeferred = false;
        const SendQueue::Result held = m_out.hold(bytes, m_limits.maxQueuedBytes);
        if (held != SendQueue::Result::Queued)
            afterSend(held);
        else if (!m_wantWrite)
            flush();
        return;
    }
    if (!m_coalescer || now) {
        // After anything queued: it goes first, once the socket is writable.
        afterSend(m_out.write(*m_stream, bytes, m_limits.maxQueuedBytes));
        return;
    }
    const SendQueue::Result held = m_out.hold(bytes, m_limits.maxQueuedBytes);
    if (held != SendQueue::Result::Queued) {
        afterSend(held);
        return;
    }
    m_coalescer->noteHeld();
    // A socket waiting for writability is flushed by that; the others at the next turn.
    if (!m_wantWrite && !m_flushDeferred) {
        m_flushDeferred = true;
        m_coalescer->defer(this);
    }
}

void WsServerSocket::flushCoalesced()
{
    m_flushDeferred = false;
    if (m_stream && !m_wantWrite)
        flush();
}

void WsServerSocket::flush()
{
    afterSend(m_out.flush(*m_stream));
}

void WsServerSocket::afterSend(SendQueue::Result result)
{
    switch (result) {
    case SendQueue::Result::Failed:
        finish();
        return;
    case SendQueue::Result::Overflow:
        qCWarning(lcReactor) << "dropping" << m_peer.toString() << ": more than"
                             << m_limits.maxQueuedBytes << "bytes unread";
        finish();
        return;
    case SendQueue::Result::Queued:
        setWantWrite(true);
        return;
    case SendQueue::Result::Sent:
        setWantWrite(false);
        if (m_shutdownAfterFlush)
            m_stream->shutdownWrite();
        return;
    }
}

void WsServerSocket::setWantWrite(bool wantWrite)
{
    if (m_wantWrite == wantWrite)
        return;
    m_wantWrite = wantWrite;
    m_reactor->setWantWrite(m_stream->descriptor(), this, wantWrite);
}

void WsServerSocket::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    restartTimer(0);
    if (m_flushDeferred) {
        m_coalescer->forget(this);
        m_flushDeferred = false;
    }
    if (m_stream) {
        m_reactor->remove(m_stream->descriptor());
        m_stream.reset();
    }
    m_out.clear();
    // Queued so that a socket failing inside a fan-out loop does not change the loop's set.
    QMetaObject::invokeMethod(this, &WsServerSocket::disconnected, Qt::QueuedConnection);
}

} // namespace watchium::server
