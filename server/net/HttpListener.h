#pragma once

#include "net/ConnectionCounts.h"
#include "net/HttpConnection.h"
#include "net/Reactor.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <memory>

namespace watchium::server {

class Metrics;
class TlsCredentials;

// The server's one listening port, on its own non-blocking socket in the Reactor. Each
// accepted connection becomes an HttpConnection (which may hand it on to the WebSocket layer),
// within caps on open connections in all, per address, and per address still sending their
// first request head. When the process runs out of descriptors, waiting connections are
// accepted on a reserve descriptor and closed at once, and accepting pauses briefly: the
// listen queue never stays readable with nothing to do, so the loop never spins, and a new
// client is served as soon as a descriptor comes free.
class HttpListener : public QObject, private Reactor::Handler
{
    Q_OBJECT

public:
    struct Limits
    {
        ConnectionCounts::Limits connections;
        HttpConnection::Limits http;
        int exhaustedPauseMs = 100; // no accepting for this long after EMFILE or ENFILE
        // Balancers whose connections start with a PROXY protocol header naming the client:
        // the address caps and every per-address limit then count that client.
        QList<QPair<QHostAddress, int>> trustedProxies;
    };

    HttpListener(Reactor *reactor, const Limits &limits, const HttpConnection::Endpoints &endpoints,
                 Metrics *metrics, QObject *parent = nullptr);
    ~HttpListener() override;

    bool listen(const QHostAddress &host, quint16 port, QString *error);
    // Every connection from now on speaks TLS with the credentials' current certificate (read
    // again for each, so a reload applies to new connections). Null: plain.
    void setTls(const TlsCredentials *tls) { m_tls = tls; }
    quint16 port() const { return m_port; }
    // Every connection accepted and not yet closed, handed-over WebSocket ones included.
    int openConnections() const { return m_counts->total(); }

private:
    void socketEvents(quint32 events) override;
    bool isTrustedProxy(const QHostAddress &peer) const;
    // Wraps an accepted descriptor in its stream and starts serving HTTP on it.
    void serveAccepted(int fd);
    // Accepts and closes one waiting connection on the reserve descriptor; false if none.
    bool shedOneConnection();
    void pauseAccepting();
    void resumeAccepting();

    Reactor *m_reactor;
    Limits m_limits;
    HttpConnection::Endpoints m_endpoints;
    Metrics *m_metrics;
    const TlsCredentials *m_tls = nullptr;
    // Shared with the streams it counts, which may outlive the listener in the WebSocket layer.
    std::shared_ptr<ConnectionCounts> m_counts;
    int m_fd = -1;
    int m_reserve = -1; // a descriptor kept to be given up when there is no other
    quint16 m_port = 0;
    QTimer m_resume;
    QElapsedTimer m_lastExhaustedLog;
};

} // namespace watchium::server
