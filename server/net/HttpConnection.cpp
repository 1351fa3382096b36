#include "net/HttpConnection.h"

#include "http/HttpService.h"

#include <QTimerEvent>

namespace watchium::server {

namespace {

// Requests are small: a few reads of this per readiness event take a whole one, and the
// level-triggered reactor calls again for the rest, so one busy peer cannot starve the others.
constexpr qsizetype kReadChunk = 16 * 1024;
constexpr int kReadsPerEvent = 4;

} // namespace

HttpConnection::HttpConnection(std::unique_ptr<ByteStream> stream, Reactor *reactor,
                               const Limits &limits, const Endpoints &endpoints,
                               std::function<void()> headRead, QObject *parent)
    : QObject(parent)
    , m_stream(std::move(stream))
    , m_reactor(reactor)
    , m_limits(limits)
    , m_endpoints(endpoints)
    , m_headRead(std::move(headRead))
    , m_parser(limits.request)
{
    if (!m_reactor->add(m_stream->descriptor(), this)) {
        finish();
        return;
    }
    // A new connection has the header deadline from the start: sending nothing at all is the
    // cheapest way to hold a connection open.
    enter(Phase::Head, m_limits.headerTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    if (m_stream)
        m_reactor->remove(m_stream->descriptor());
    releaseHeadRead();
}

void HttpConnection::socketEvents(quint32 events)
{
    if (!m_stream)
        return;
    if (events & Reactor::Writable) {
        afterSend(m_out.flush(*m_stream));
        if (m_stream && m_out.size() == 0 && !m_in.isEmpty())
            process(); // requests that were pipelined behind the answer just sent
    }
    if (!m_stream)
        return;
    if (!m_wantRead && (events & (Reactor::HangUp | Reactor::Error))) {
        finish();
        return;
    }
    if (events & (Reactor::Readable | Reactor::HangUp | Reactor::Error))
        readInput();
}

void HttpConnection::readInput()
{
    static thread_local char buffer[kReadChunk];
    for (int i = 0; i < kReadsPerEvent && m_stream && m_wantRead; ++i) {
        const qsizetype n = m_stream->read(buffer, kReadChunk);
        if (n == 0)
            return;
        if (n < 0) {
            // The peer closed (or half-closed) or the connection broke: what was answered is
            // with the kernel already, what waits in m_out goes first.
            m_peerClosed = true;
            if (m_out.size() == 0)
                finish();
            else
                updateInterest();
            return;
        }
        if (m_phase != Phase::Closing) {
            // After our last answer, input is read only to see the peer's end, then dropped.
            m_in.append(buffer, n);
            process();
        }
        if (n < kReadChunk)
            return;
    }
}

void HttpConnection::process()
{
    while (m_stream && !m_in.isEmpty() && m_out.size() == 0
           && (m_phase == Phase::Idle || m_phase == Phase::Head || m_phase == Phase::Body)) {
        const auto before = m_parser.state();
        const qsizetype used = m_parser.feed(m_in);
        m_in.remove(0, used);
        const auto after = m_parser.state();
        using State = HttpRequestParser::State;
        if (before == State::Idle && after != State::Idle && m_phase == Phase::Idle)
            enter(Phase::Head, m_limits.headerTimeoutMs);
        if (after == State::Failed) {
            const HttpRequestParser::Error &error = m_parser.error();
            refuse(error.status, error.code, error.message);
            return;
        }
        if ((before == State::Idle || before == State::Head)
            && (after == State::Body || after == State::Complete)) {
            headComplete();
            if (!m_stream || m_phase == Phase::Closed)
                return;
        }
        if (after == State::Complete) {
            HttpRequest request = m_parser.takeRequest();
            request.remoteAddress = m_stream->peerAddress().toString();
            answer(request);
        } else if (used == 0) {
            return;
        }
    }
}

void HttpConnection::headComplete()
{
    releaseHeadRead();
    const HttpRequest &head = m_parser.request();
    if (isWebSocket(head)) {
        handOver();
        return;
    }
    if (m_parser.state() != HttpRequestParser::State::Body)
        return;
    enter(Phase::Body, m_limits.bodyTimeoutMs);
    // curl and others wait (a second) for this before a larger body.
    if (head.minorVersion == 1
        && head.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        write("HTTP/1.1 100 Continue\r\n\r\n");
}

bool HttpConnection::isWebSocket(const HttpRequest &head) const
{
    if (!m_endpoints.webSocket)
        return false;
    QByteArrayView path = head.path();
    if (path.endsWith('/'))
        path.chop(1);
    return path == m_endpoints.webSocketPath || head.headerHasToken("upgrade", "websocket");
}

void HttpConnection::handOver()
{
    QByteArray received = m_parser.rawHead().toByteArray() + m_in;
    m_in = QByteArray();
    m_reactor->remove(m_stream->descriptor());
    std::unique_ptr<ByteStream> stream = std::move(m_stream);
    finish();
    m_endpoints.webSocket(std::move(stream), std::move(received));
}

void HttpConnection::answer(const HttpRequest &request)
{
    const HttpResponse response = m_endpoints.service->respond(request);
    const bool keepAlive = request.keepAlive();
    write(response.serialize(request.isHead(), !keepAlive));
    if (!m_stream)
        return;
    if (keepAlive)
        enter(Phase::Idle, m_limits.idleTimeoutMs);
    else
        closeAfterSending();
}

void HttpConnection::refuse(int status, const QString &code, const QString &message)
{
    const HttpRequest *head = m_parser.hasHead() ? &m_parser.request() : nullptr;
    const HttpResponse response = m_endpoints.service->refuse(head, status, code, message);
    write(response.serialize(head && head->isHead(), true));
    if (m_stream)
        closeAfterSending();
}

void HttpConnection::closeAfterSending()
{
    m_in = QByteArray();
    enter(Phase::Closing, m_limits.closeTimeoutMs);
    if (m_out.size() > 0)
        return; // afterSend() shuts our side once it is out
    if (m_peerClosed) {
        finish();
        return;
    }
    // Our end first, then read (and drop) until the peer's: closing with unread input would
    // reset the connection, and the peer could lose the answer.
    m_stream->shutdownWrite();
    updateInterest();
}

void HttpConnection::write(QByteArrayView bytes)
{
    if (m_stream)
        afterSend(m_out.write(*m_stream, bytes, m_limits.maxQueuedBytes));
}

void HttpConnection::afterSend(SendQueue::Result result)
{
    switch (result) {
    case SendQueue::Result::Failed:
    case SendQueue::Result::Overflow:
        finish();
        return;
    case SendQueue::Result::Queued:
        updateInterest();
        return;
    case SendQueue::Result::Sent:
        if (m_phase == Phase::Closing && !m_peerClosed)
            m_stream->shutdownWrite();
        if (m_peerClosed && (m_phase == Phase::Closing || m_in.isEmpty())) {
            finish();
            return;
        }
        updateInterest();
        return;
    }
}

void HttpConnection::updateInterest()
{
    // Nothing more is read while an answer waits for the peer: that bounds what a peer that
    // pipelines requests without reading answers can make us hold.
    const bool wantWrite = m_out.size() > 0;
    const bool wantRead = !wantWrite && !m_peerClosed;
    if (wantRead == m_wantRead && wantWrite == m_wantWrite)
        return;
    m_wantRead = wantRead;
    m_wantWrite = wantWrite;
    m_reactor->setInterest(m_stream->descriptor(), this, wantRead, wantWrite);
}

void HttpConnection::enter(Phase phase, int timeoutMs)
{
    m_phase = phase;
    if (m_timer)
        killTimer(m_timer);
    m_timer = timeoutMs > 0 ? startTimer(timeoutMs) : 0;
}

void HttpConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer)
        return QObject::timerEvent(event);
    switch (m_phase) {
    case Phase::Head:
    case Phase::Body:
        // A request that stopped arriving gets its answer; a connection that never sent a
        // byte just goes.
        if (m_parser.state() != HttpRequestParser::State::Idle && m_out.size() == 0) {
            refuse(408, QStringLiteral("request_timeout"),
                   QStringLiteral("the request did not arrive in time"));
            return;
        }
        finish();
        return;
    case Phase::Idle:
    case Phase::Closing:
    case Phase::Closed:
        finish();
        return;
    }
}

void HttpConnection::releaseHeadRead()
{
    if (!m_headRead)
        return;
    const std::function<void()> headRead = std::move(m_headRead);
    m_headRead = nullptr;
    headRead();
}

void HttpConnection::finish()
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    if (m_timer)
        killTimer(m_timer);
    m_timer = 0;
    releaseHeadRead();
    if (m_stream) {
        m_reactor->remove(m_stream->descriptor());
        m_stream.reset();
    }
    m_out.clear();
    m_in = QByteArray();
    QMetaObject::invokeMethod(this, &HttpConnection::finished, Qt::QueuedConnection);
}

} // namespace watchium::server
