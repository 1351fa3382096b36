#pragma once

#include "http/HttpRequestParser.h"
#include "net/ByteStream.h"
#include "net/Reactor.h"
#include "net/SendQueue.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <memory>

namespace watchium::server {

class HttpService;

// One HTTP/1.1 connection on a non-blocking stream watched by a Reactor. Reads requests
// with HttpRequestParser under deadlines (the header section, the body, the idle time between
// requests), answers them one at a time in order (pipelined requests wait in the input and
// are not read further while an answer waits for the peer), keeps the connection alive per
// HTTP/1.1, and hands a WebSocket upgrade with the bytes read so far to the WebSocket layer.
class HttpConnection : public QObject, private Reactor::Handler
{
    Q_OBJECT

public:
    struct Limits
    {
        HttpRequestParser::Limits request;
        int headerTimeoutMs = 10'000; // from a request's first byte to the end of its head
        int bodyTimeoutMs = 10'000; // from the end of the head to the end of the body
        int idleTimeoutMs = 30'000; // between requests, and for a peer that reads nothing
        int closeTimeoutMs = 2'000; // after our last response, for the peer to close
        qsizetype maxQueuedBytes = 1024 * 1024;
    };

    struct Endpoints
    {
        HttpService *service = nullptr;
        // Requests for this path, or asking to upgrade to websocket, go to `webSocket` with the
        // stream and every byte read from the start of their head.
        QByteArray webSocketPath;
        std::function<void(std::unique_ptr<ByteStream> stream, QByteArray received)> webSocket;
    };

    // `headRead` runs once, when the first request's head is complete or the connection goes,
    // whichever comes first (the listener's count of connections still proving themselves).
    HttpConnection(std::unique_ptr<ByteStream> stream, Reactor *reactor, const Limits &limits,
                   const Endpoints &endpoints, std::function<void()> headRead,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

Q_SIGNALS:
    // Emitted once, from the event loop, when the connection closed or was handed over.
    void finished();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Phase { Idle, Head, Body, Closing, Closed };

    void socketEvents(quint32 events) override;
    void readInput();
    void process();
    void headComplete();
    bool isWebSocket(const HttpRequest &head) const;
    void handOver();
    void answer(const HttpRequest &request);
    void refuse(int status, const QString &code, const QString &message);
    void write(QByteArrayView bytes);
    void afterSend(SendQueue::Result result);
    void updateInterest();
    void enter(Phase phase, int timeoutMs);
    void closeAfterSending();
    void releaseHeadRead();
    void finish();

    std::unique_ptr<ByteStream> m_stream; // null once closed or handed over
    Reactor *m_reactor;
    Limits m_limits;
    Endpoints m_endpoints;
    std::function<void()> m_headRead;
    HttpRequestParser m_parser;
    QByteArray m_in; // read but not parsed yet: pipelined requests behind an unsent answer
    SendQueue m_out;
    Phase m_phase = Phase::Idle;
    bool m_peerClosed = false;
    bool m_wantRead = true;
    bool m_wantWrite = false;
    int m_timer = 0;
};

} // namespace watchium::server
