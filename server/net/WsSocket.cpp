#include "net/WsSocket.h"

#include "Logging.h"
#include "net/PlainStream.h"
#include "net/Sockets.h"
#include "websocket/WsHandshake.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimerEvent>

namespace watchium::server {

namespace {

// One read buffer for every socket of the thread: a socket keeps only what a partial frame needs.
constexpr qsizetype kReadChunk = 64 * 1024;
// Reads per readiness event; the level-triggered reactor calls again for the rest, so one busy
// peer cannot starve the others.
constexpr int kReadsPerEvent = 4;

} // namespace

WsSocket::WsSocket(std::unique_ptr<ByteStream> stream, QByteArray received, Reactor *reactor,
                   const Limits &limits, QObject *parent)
    : QObject(parent)
    , m_stream(std::move(stream))
    , m_reactor(reactor)
    , m_limits(limits)
    , m_role(Role::Server)
    , m_peer(m_stream->peerAddress())
    , m_parser(ws::FrameParser::Role::Server, limits.maxMessageBytes)
{
    if (!m_reactor->add(m_stream->descriptor(), this)) {
        fail(QStringLiteral("cannot watch the socket"));
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

WsSocket::WsSocket(int fd, Reactor *reactor, const Limits &limits, QObject *parent)
    : WsSocket(std::make_unique<PlainStream>(fd), {}, reactor, limits, parent)
{
}

WsSocket::WsSocket(std::unique_ptr<ByteStream> stream, const QByteArray &host,
                   const QByteArray &target, Reactor *reactor, const Limits &limits,
                   QObject *parent)
    : QObject(parent)
    , m_stream(std::move(stream))
    , m_reactor(reactor)
    , m_limits(limits)
    , m_role(Role::Client)
    , m_state(State::Connecting)
    , m_target(target)
    , m_clientKey(ws::handshake::newClientKey())
    , m_parser(ws::FrameParser::Role::Client, limits.maxMessageBytes)
{
    if (!m_reactor->add(m_stream->descriptor(), this)) {
        fail(QStringLiteral("cannot watch the socket"));
        return;
    }
    restartTimer(m_limits.handshakeTimeoutMs);
    // The request waits until the connection is up: the first writability says it is (or that
    // it failed, which the first send then reports).
    m_out.hold(ws::handshake::clientRequest(host, target, m_clientKey), m_limits.maxQueuedBytes);
    setWantWrite(true);
}

WsSocket::~WsSocket()
{
    leaveCoalescer();
    if (m_stream) {
        m_reactor->remove(m_stream->descriptor());
        releaseStream();
    }
}

void WsSocket::sendFrame(const QByteArray &frame)
{
    Q_ASSERT(m_role == Role::Server);
    if (m_state == State::Open && m_role == Role::Server)
        write(frame);
}

void WsSocket::sendFramePatiently(const QByteArray &frame)
{
    Q_ASSERT(m_role == Role::Server);
    if (m_state != State::Open || m_role != Role::Server || !m_stream)
        return;
    // Already on its way with others, or behind a write: nothing to gain by waiting.
    if (!m_coalescer || m_coalescer->patienceMs() <= 0 || m_flushDeferred || m_wantWrite
        || m_inFlight) {
        write(frame);
        return;
    }
    const SendQueue::Result held = m_out.hold(frame, m_limits.maxQueuedBytes);
    if (held != SendQueue::Result::Queued) {
        afterSend(held);
        return;
    }
    m_coalescer->noteHeld();
    if (!m_patient) {
        m_patient = true;
        m_coalescer->deferPatiently(this);
    }
}

void WsSocket::patienceOver()
{
    m_patient = false;
    // Gone with a write since (the usual case), or waiting for one already.
    if (!m_stream || m_out.size() == 0 || m_flushDeferred || m_wantWrite || m_inFlight)
        return;
    m_flushDeferred = true;
    m_coalescer->defer(this);
}

void WsSocket::leaveCoalescer()
{
    if (m_flushDeferred || m_patient)
        m_coalescer->forget(this);
    m_flushDeferred = false;
    m_patient = false;
}

void WsSocket::sendText(QByteArrayView utf8)
{
    if (m_state == State::Open)
        write(frame(ws::Opcode::Text, utf8));
}

QByteArray WsSocket::frame(ws::Opcode opcode, QByteArrayView payload) const
{
    if (m_role == Role::Server)
        return ws::FrameWriter::frame(opcode, payload);
    return ws::FrameWriter::frame(opcode, payload, QRandomGenerator::global()->generate());
}

QByteArray WsSocket::closeFrame(quint16 code, QByteArrayView reason) const
{
    if (m_role == Role::Server)
        return ws::FrameWriter::closeFrame(code, reason);
    return ws::FrameWriter::closeFrame(code, reason, QRandomGenerator::global()->generate());
}

void WsSocket::close(quint16 code, const QString &reason)
{
    if (m_state == State::Connecting || m_state == State::Handshaking) {
        abort();
        return;
    }
    if (m_state != State::Open)
        return;
    restartTimer(m_limits.closeTimeoutMs);
    closeAfter(closeFrame(code, reason.toUtf8()));
}

void WsSocket::abort()
{
    finish();
}

void WsSocket::restartTimer(int ms)
{
    if (m_timer)
        killTimer(m_timer);
    m_timer = ms > 0 ? startTimer(ms) : 0;
}

void WsSocket::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer)
        return QObject::timerEvent(event);
    // A handshake that never completes, or a close the peer never answers.
    if (m_state == State::Connecting || m_state == State::Handshaking)
        fail(QStringLiteral("the opening handshake timed out"));
    else
        finish();
}

void WsSocket::socketEvents(quint32 events)
{
    if (!m_stream)
        return;
    if (m_state == State::Connecting) {
        if (!(events & (Reactor::Writable | Reactor::HangUp | Reactor::Error)))
            return;
        m_state = State::Handshaking;
        flush(); // the request; a connect that failed fails this send
        if (!m_stream)
            return;
    } else if (events & Reactor::Writable) {
        flush();
    }
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
            // The peer closed or the connection broke: only a failure before the handshake's
            // end is an error, after it the peer may simply be gone.
            if (m_state == State::Handshaking) {
                const QString why = m_stream->errorString();
                fail(why.isEmpty() ? QStringLiteral("the connection closed during the handshake")
                                   : why);
            } else {
                finish();
            }
            break;
        }
    }
}

void WsSocket::readHandshake(QByteArrayView bytes)
{
    m_head.append(bytes);
    const qsizetype end = ws::handshake::headEnd(m_head);
    if (end < 0) {
        if (m_head.size() <= ws::handshake::kMaxHeadBytes)
            return;
        if (m_role == Role::Server)
            refuse(ws::handshake::refusal(431, QStringLiteral("request_too_large"),
                                          QStringLiteral("The request head is too large.")));
        else
            fail(QStringLiteral("the handshake response is too large"));
        return;
    }
    const QByteArrayView head = QByteArrayView(m_head).first(end);
    if (!(m_role == Role::Server ? acceptRequest(head) : acceptResponse(head)))
        return;
    const QByteArray rest = m_head.mid(end);
    m_head = QByteArray();
    restartTimer(0);
    Q_EMIT upgraded();
    if (!rest.isEmpty() && m_state != State::Closed)
        readFrames(rest);
}

bool WsSocket::acceptRequest(QByteArrayView head)
{
    QString error;
    const auto request = ws::handshake::parseRequest(head, &error);
    if (!request) {
        refuse(ws::handshake::refusal(400, QStringLiteral("bad_request"), error));
        return false;
    }
    const ws::handshake::Upgrade upgrade = ws::handshake::checkUpgrade(*request);
    if (upgrade.status != 101) {
        refuse(ws::handshake::refusal(upgrade.status, QStringLiteral("websocket_required"),
                                      upgrade.error));
        return false;
    }
    m_target = request->target;
    m_state = State::Open;
    write(ws::handshake::switchingProtocols(upgrade.key), true);
    return true;
}

bool WsSocket::acceptResponse(QByteArrayView head)
{
    QString error;
    if (!ws::handshake::checkResponse(head, m_clientKey, &error)) {
        fail(error);
        return false;
    }
    m_clientKey = QByteArray();
    m_state = State::Open;
    return true;
}

void WsSocket::readFrames(QByteArrayView bytes)
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
                write(frame(ws::Opcode::Pong, event.payload));
            break;
        case Kind::Pong:
            break;
        case Kind::Close:
            m_peerCloseCode = event.closeCode;
            m_peerCloseReason = QString::fromUtf8(event.closeReason);
            if (m_state == State::Open) {
                // Echo the peer's code, then let it close the TCP connection first.
                const quint16 code =
                    event.closeCode == ws::close::NoStatus ? ws::close::Normal : event.closeCode;
                restartTimer(m_limits.closeTimeoutMs);
                closeAfter(closeFrame(code, {}));
            } else if (m_state == State::Closing && m_out.size() == 0) {
                finish();
            }
            break;
        }
    });
    if (!ok && m_state == State::Open) {
        qCInfo(lcReactor) << "closing WebSocket with" << m_peer.toString() << ":"
                          << m_parser.errorReason();
        m_error = m_parser.errorReason();
        close(m_parser.errorCode(), m_parser.errorReason());
    }
}

void WsSocket::refuse(const QByteArray &response)
{
    m_head = QByteArray();
    closeAfter(response);
}

void WsSocket::closeAfter(const QByteArray &lastBytes)
{
    m_state = State::Closing;
    m_shutdownAfterFlush = true;
    write(lastBytes, true);
}

void WsSocket::write(QByteArrayView bytes, bool now)
{
    if (!m_stream)
        return;
    if (m_inFlight) {
        // Behind the bytes a write thread has: they wait here until it is done (written()),
        // the last bytes before a shutdown too.
        const SendQueue::Result held = m_out.hold(bytes, m_limits.maxQueuedBytes - m_inFlightBytes);
        if (held != SendQueue::Result::Queued)
            afterSend(held);
        return;
    }
    if ((m_flushDeferred || m_patient) && now) {
        // What this turn held goes first, with these bytes, now: the last bytes before a
        // shutdown must not wait for a turn that may never come.
        leaveCoalescer();
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

void WsSocket::flushCoalesced()
{
    m_flushDeferred = false;
    if (!m_stream || m_wantWrite)
        return;
    OffThreadWrites *offThread = m_coalescer->offThread();
    const int fd = offThread ? m_stream->rawWriteDescriptor() : -1;
    if (fd < 0) {
        flush();
        return;
    }
    QByteArray bytes = m_out.take();
    m_inFlightBytes = bytes.size();
    m_inFlight = true;
    offThread->hand(this, fd, std::move(bytes));
}

void WsSocket::written(const QByteArray &bytes, qsizetype sent, int error)
{
    m_inFlight = false;
    m_inFlightBytes = 0;
    if (!m_stream)
        return;
    if (error != 0) {
        fail(sockets::errorText(error));
        return;
    }
    if (sent < bytes.size()) {
        // The kernel's buffer is full: the rest goes first once the socket is writable.
        m_out.putBack(QByteArrayView(bytes).sliced(sent));
        setWantWrite(true);
        return;
    }
    if (m_shutdownAfterFlush) {
        flush(); // the last bytes, if any came: at once, and then the shutdown
        return;
    }
    if (m_out.size() == 0)
        return;
    // What was sent to us meanwhile: with the next turn's writes.
    m_flushDeferred = true;
    m_coalescer->defer(this);
}

void WsSocket::flush()
{
    afterSend(m_out.flush(*m_stream));
}

void WsSocket::afterSend(SendQueue::Result result)
{
    switch (result) {
    case SendQueue::Result::Failed: {
        const QString why = m_stream ? m_stream->errorString() : QString();
        fail(why.isEmpty() ? QStringLiteral("the connection broke") : why);
        return;
    }
    case SendQueue::Result::Overflow:
        qCWarning(lcReactor) << "dropping" << m_peer.toString() << ": more than"
                             << m_limits.maxQueuedBytes << "bytes unread";
        fail(QStringLiteral("the peer does not read"));
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

void WsSocket::releaseStream()
{
    if (m_inFlight) {
        m_coalescer->offThread()->abandon(this, std::move(m_stream));
        m_inFlight = false;
        m_inFlightBytes = 0;
    }
    m_stream.reset();
}

void WsSocket::setWantWrite(bool wantWrite)
{
    if (m_wantWrite == wantWrite)
        return;
    m_wantWrite = wantWrite;
    m_reactor->setWantWrite(m_stream->descriptor(), this, wantWrite);
}

void WsSocket::fail(const QString &error)
{
    if (m_error.isEmpty() && m_state != State::Closed)
        m_error = error;
    finish();
}

void WsSocket::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    restartTimer(0);
    leaveCoalescer();
    if (m_stream) {
        m_reactor->remove(m_stream->descriptor());
        releaseStream();
    }
    m_out.clear();
    // Queued so that a socket failing inside a fan-out loop does not change the loop's set.
    QMetaObject::invokeMethod(this, &WsSocket::disconnected, Qt::QueuedConnection);
}

} // namespace watchium::server
