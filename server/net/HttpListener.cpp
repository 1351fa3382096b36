#include "net/HttpListener.h"

#include "http/HttpResponse.h"
#include "Logging.h"
#include "net/Nonblocking.h"
#include "net/PlainStream.h"
#include "net/ProxiedStream.h"
#include "ops/Metrics.h"
#include "tls/TlsCredentials.h"
#include "tls/TlsStream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::server {

namespace {

// Connections taken per readiness event; the level-triggered reactor comes back for more, so a
// connection burst cannot starve the sockets already open.
constexpr int kAcceptsPerEvent = 64;

int openReserve()
{
    return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

// A socket bound to `host`: dual-stack for QHostAddress::Any (IPv4 alone where IPv6 is off).
int bindSocket(const QHostAddress &host, quint16 port, QString *error)
{
    sockaddr_storage address {};
    socklen_t length = 0;
    const bool any = host == QHostAddress(QHostAddress::Any);
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    int fd = -1;
    if (any || !isV4) {
        auto *a6 = reinterpret_cast<sockaddr_in6 *>(&address);
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(port);
        if (!any) {
            const Q_IPV6ADDR bytes = host.toIPv6Address();
            std::memcpy(&a6->sin6_addr, bytes.c, sizeof(bytes.c));
            a6->sin6_scope_id = host.scopeId().toUInt();
        }
        length = sizeof(sockaddr_in6);
        fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd >= 0) {
            // QHostAddress::Any is both families; an IPv6 address (:: included) only its own.
            const int v6Only = any ? 0 : 1;
            ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof(v6Only));
        }
    }
    if (fd < 0 && (any || isV4)) {
        address = {};
        auto *a4 = reinterpret_cast<sockaddr_in *>(&address);
        a4->sin_family = AF_INET;
        a4->sin_port = htons(port);
        a4->sin_addr.s_addr = htonl(any ? INADDR_ANY : v4);
        length = sizeof(sockaddr_in);
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    }
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0
        || ::listen(fd, SOMAXCONN) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_storage address {};
    socklen_t length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
}

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
    , m_reserve(openReserve())
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
        ::close(m_fd);
    }
    if (m_reserve >= 0)
        ::close(m_reserve);
}

bool HttpListener::listen(const QHostAddress &host, quint16 port, QString *error)
{
    m_fd = bindSocket(host, port, error);
    if (m_fd < 0)
        return false;
    m_port = boundPort(m_fd);
    if (!m_reactor->add(m_fd, this)) {
        *error = QStringLiteral("cannot watch the listening socket");
        ::close(m_fd);
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
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            serveAccepted(fd);
            continue;
        }
        const int error = errno;
        if (error == EINTR || error == ECONNABORTED || error == EPROTO)
            continue;
        if (error == EMFILE || error == ENFILE) {
            // Linux reports this before it looks at the queue: shed what waits, then pause.
            exhausted = true;
            if (shedOneConnection())
                continue;
            break;
        }
        if (error != EAGAIN && error != EWOULDBLOCK) {
            // ENOBUFS, ENOMEM: the kernel is short of memory; retrying at once would spin.
            qCWarning(lcReactor) << "accept failed:" << std::strerror(error);
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
        m_reserve = openReserve();
        return false;
    }
    ::close(m_reserve);
    const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0)
        ::close(fd);
    m_reserve = openReserve();
    if (fd < 0)
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
