#include "net/HttpListener.h"

#include "http/HttpResponse.h"
#include "Logging.h"
#include "net/PlainStream.h"
#include "net/ProxiedStream.h"
#include "net/Sockets.h"
#include "ops/Metrics.h"
#include "tls/TlsCredentials.h"
#include "tls/TlsStream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

namespace watchium::server {

namespace {

// Connections taken per readiness event; the level-triggered reactor comes back for more, so a
// connection burst cannot starve the sockets already open.
constexpr int kAcceptsPerEvent = 64;

// Said once, best effort, to a connection turned away at the door.
QByteArray refusal(ConnectionCounts::Verdict verdict)
{
    const bool everyone = verdict == ConnectionCounts::Verdict::TotalCap;
    HttpResponse response;
    response.status = everyone ? 503 : 429;
    response.contentType = "application/json";
    response.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
    const QJsonObject error {{QStringLiteral("code"), QStringLiteral("too_many_connections")},
                             {QStringLiteral("message"),
                              everyone ? QStringLiteral("the server has too many connections open")
                                       : QStringLiteral("too many connections from this address")}};
    response.body = QJsonDocument(QJsonObject {{QStringLiteral("success"), false},
                                               {QStringLiteral("error"), error}})
                        .toJson(QJsonDocument::Compact);
    return response.serialize(false, true);
}

QString rejectionName(ConnectionCounts::Verdict verdict)
{
    switch (verdict) {
    case ConnectionCounts::Verdict::TotalCap:
        return QStringLiteral("connection_cap");
    case ConnectionCounts::Verdict::AddressCap:
        return QStringLiteral("address_connection_cap");
    case ConnectionCounts::Verdict::PendingCap:
        return QStringLiteral("address_pending_cap");
    case ConnectionCounts::Verdict::Admit:
        break;
    }
    return {};
}

} // namespace

HttpListener::HttpListener(Reactor *reactor, const Limits &limits,
                           const HttpConnection::Endpoints &endpoints, Metrics *metrics,
                           QObject *parent)
    : QObject(parent)
    , m_reactor(reactor)
    , m_limits(limits)
    , m_endpoints(endpoints)
    , m_metrics(metrics)
    , m_counts(std::make_shared<ConnectionCounts>(limits.connections))
    , m_reserve(sockets::openReserve())
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(m_limits.exhaustedPauseMs);
    connect(&m_resume, &QTimer::timeout, this, &HttpListener::resumeAccepting);
}

HttpListener::~HttpListener()
{
    // Connections first: they leave the reactor as they go.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
    if (m_fd >= 0) {
        m_reactor->remove(m_fd);
        sockets::closeDescriptor(m_fd);
    }
    if (m_reserve >= 0)
        sockets::closeDescriptor(m_reserve);
}

bool HttpListener::listen(const QHostAddress &host, quint16 port, QString *error)
{
    m_fd = sockets::listenOn(host, port, error);
    if (m_fd < 0)
        return false;
    m_port = sockets::localPort(m_fd);
    if (!m_reactor->add(m_fd, this)) {
        *error = QStringLiteral("cannot watch the listening socket");
        sockets::closeDescriptor(m_fd);
        m_fd = -1;
        return false;
    }
    return true;
}

void HttpListener::socketEvents(quint32 events)
{
    if (!(events & Reactor::Readable))
        return;
    bool exhausted = false;
    for (int i = 0; i < kAcceptsPerEvent; ++i) {
        const sockets::Accepted accepted = sockets::acceptOne(m_fd);
        using Status = sockets::Accepted::Status;
        if (accepted.status == Status::Ok) {
            serveAccepted(accepted.fd);
            continue;
        }
        if (accepted.status == Status::Transient)
            continue;
        if (accepted.status == Status::OutOfDescriptors) {
            // Linux reports this before it looks at the queue: shed what waits, then pause.
            exhausted = true;
            if (shedOneConnection())
                continue;
            break;
        }
        if (accepted.status == Status::Failed) {
            // Retrying at once would spin.
            qCWarning(lcReactor) << "accept failed:" << accepted.error;
            exhausted = true;
        }
        break;
    }
    if (exhausted)
        pauseAccepting();
}

bool HttpListener::isTrustedProxy(const QHostAddress &peer) const
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    const QHostAddress address = isV4 ? QHostAddress(v4) : peer;
    for (const auto &subnet : m_limits.trustedProxies) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

void HttpListener::serveAccepted(int fd)
{
    auto stream = std::make_unique<PlainStream>(fd);
    const bool proxied = isTrustedProxy(stream->peerAddress());
    // The key a connection counts under changes once a balancer's header names the client.
    const auto key =
        std::make_shared<QByteArray>(ConnectionCounts::addressKey(stream->peerAddress()));
    const ConnectionCounts::Verdict verdict = m_counts->admit(*key, !proxied);
    if (verdict != ConnectionCounts::Verdict::Admit) {
        if (m_metrics)
            m_metrics->rejected(rejectionName(verdict));
        stream->write(refusal(verdict));
        return; // the stream closes the descriptor
    }
    const std::shared_ptr<ConnectionCounts> counts = m_counts;
    stream->setOnClose([counts, key] { counts->closed(*key); });
    std::unique_ptr<ByteStream> connectionStream = std::move(stream);
    if (proxied) {
        Metrics *metrics = m_metrics;
        connectionStream = std::make_unique<ProxiedStream>(
            std::move(connectionStream), [counts, key, metrics](const QHostAddress &client) {
                const QByteArray clientKey = ConnectionCounts::addressKey(client);
                const ConnectionCounts::Verdict moved = counts->move(*key, clientKey);
                if (moved != ConnectionCounts::Verdict::Admit) {
                    if (metrics)
                        metrics->rejected(rejectionName(moved));
                    return false;
                }
                *key = clientKey;
                return true;
            });
    }
    if (m_tls)
        connectionStream =
            std::make_unique<TlsStream>(std::move(connectionStream), *m_tls->context());
    auto *connection = new HttpConnection(
        std::move(connectionStream), m_reactor, m_limits.http, m_endpoints,
        [counts, key] { counts->headRead(*key); }, this);
    connect(connection, &HttpConnection::finished, connection, &QObject::deleteLater);
}

bool HttpListener::shedOneConnection()
{
    if (!m_lastExhaustedLog.isValid() || m_lastExhaustedLog.elapsed() > 60'000) {
        qCWarning(lcReactor) << "out of file descriptors: refusing connections (raise the open "
                                "file limit, or lower the connection caps)";
        m_lastExhaustedLog.start();
    }
    // Out of descriptors, the connection at the head of the listen queue could never be
    // accepted and would keep the socket readable: give up the reserve to take it and close it.
    if (m_reserve < 0) {
        m_reserve = sockets::openReserve();
        return false;
    }
    sockets::closeDescriptor(m_reserve);
    const sockets::Accepted waiting = sockets::acceptOne(m_fd, false);
    if (waiting.fd >= 0)
        sockets::closeDescriptor(waiting.fd);
    m_reserve = sockets::openReserve();
    if (waiting.fd < 0)
        return false; // nothing was waiting
    if (m_metrics)
        m_metrics->rejected(QStringLiteral("descriptors_exhausted"));
    return true;
}

void HttpListener::pauseAccepting()
{
    m_reactor->setInterest(m_fd, this, false, false);
    m_resume.start();
}

void HttpListener::resumeAccepting()
{
    m_reactor->setInterest(m_fd, this, true, false);
}

} // namespace watchium::server
