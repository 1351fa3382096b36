#include "net/Sockets.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::server::sockets {

QString errorText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

namespace {

QString lastError()
{
    return errorText(errno);
}

void setFlags(int fd, bool nonBlocking)
{
    ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
    if (nonBlocking)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int openSocket(int family)
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    const int fd = ::socket(family, SOCK_STREAM, 0);
    if (fd >= 0)
        setFlags(fd, true);
    return fd;
#endif
}

// Fills `address` for IPv6 `host` (null: the any-address) and `port`; returns its length.
socklen_t ipv6Address(sockaddr_storage *address, const QHostAddress *host, quint16 port)
{
    *address = {};
    auto *a6 = reinterpret_cast<sockaddr_in6 *>(address);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(port);
    if (host) {
        const Q_IPV6ADDR bytes = host->toIPv6Address();
        std::memcpy(&a6->sin6_addr, bytes.c, sizeof(bytes.c));
        a6->sin6_scope_id = host->scopeId().toUInt();
    }
    return sizeof(sockaddr_in6);
}

// Fills `address` for the IPv4 address `v4` (host order) and `port`; returns its length.
socklen_t ipv4Address(sockaddr_storage *address, quint32 v4, quint16 port)
{
    *address = {};
    auto *a4 = reinterpret_cast<sockaddr_in *>(address);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(port);
    a4->sin_addr.s_addr = htonl(v4);
    return sizeof(sockaddr_in);
}

} // namespace

int listenOn(const QHostAddress &host, quint16 port, QString *error)
{
    sockaddr_storage address {};
    socklen_t length = 0;
    const bool any = host == QHostAddress(QHostAddress::Any);
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    int fd = -1;
    if (any || !isV4) {
        length = ipv6Address(&address, any ? nullptr : &host, port);
        fd = openSocket(AF_INET6);
        if (fd >= 0) {
            // QHostAddress::Any is both families; an IPv6 address (:: included) only its own.
            const int v6Only = any ? 0 : 1;
            ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof(v6Only));
        }
    }
    if (fd < 0 && (any || isV4)) {
        length = ipv4Address(&address, any ? INADDR_ANY : v4, port);
        fd = openSocket(AF_INET);
    }
    if (fd < 0) {
        *error = lastError();
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0
        || ::listen(fd, SOMAXCONN) != 0) {
        *error = lastError();
        ::close(fd);
        return -1;
    }
    return fd;
}

int connectTo(const QHostAddress &host, quint16 port, QString *error)
{
    sockaddr_storage address {};
    socklen_t length = 0;
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    if (isV4) {
        length = ipv4Address(&address, v4, port);
    } else if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        length = ipv6Address(&address, &host, port);
    } else {
        *error = QStringLiteral("not an IP address: %1").arg(host.toString());
        return -1;
    }
    const int fd = openSocket(address.ss_family);
    if (fd < 0) {
        *error = lastError();
        return -1;
    }
    prepareConnection(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0
        && errno != EINPROGRESS) {
        *error = lastError();
        ::close(fd);
        return -1;
    }
    return fd;
}

quint16 localPort(int fd)
{
    sockaddr_storage address {};
    socklen_t length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
}

Accepted acceptOne(int listenFd, bool nonBlocking)
{
    Accepted accepted;
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    accepted.fd =
        ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0));
#else
    accepted.fd = ::accept(listenFd, nullptr, nullptr);
    if (accepted.fd >= 0)
        setFlags(accepted.fd, nonBlocking);
#endif
    if (accepted.fd >= 0) {
        accepted.status = Accepted::Status::Ok;
        return accepted;
    }
    const int error = errno;
    if (error == EINTR || error == ECONNABORTED
#ifdef EPROTO
        || error == EPROTO
#endif
    )
        accepted.status = Accepted::Status::Transient;
    else if (error == EMFILE || error == ENFILE)
        accepted.status = Accepted::Status::OutOfDescriptors;
    else if (error == EAGAIN || error == EWOULDBLOCK)
        accepted.status = Accepted::Status::Empty;
    else {
        // ENOBUFS, ENOMEM.
        accepted.status = Accepted::Status::Failed;
        accepted.error = QString::fromLocal8Bit(std::strerror(error));
    }
    return accepted;
}

int openReserve()
{
    const int fd = ::open("/dev/null", O_RDONLY);
    if (fd >= 0)
        setFlags(fd, false);
    return fd;
}

void closeDescriptor(int fd)
{
    ::close(fd);
}

QHostAddress peerAddress(int fd)
{
    sockaddr_storage address {};
    socklen_t length = sizeof(address);
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    const QHostAddress peer(reinterpret_cast<const sockaddr *>(&address));
    // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; callers (rate limits, logs)
    // want the IPv4 address.
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : peer;
}

void prepareConnection(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
#ifdef SO_NOSIGPIPE
    // Where send() has no MSG_NOSIGNAL (macOS), the socket itself is told.
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
#endif
}

qsizetype receiveSome(int fd, char *buffer, qsizetype size)
{
    const ssize_t n = ::recv(fd, buffer, size_t(size), 0);
    if (n > 0)
        return n;
    return n < 0 && wouldBlock(errno) ? 0 : -1;
}

qsizetype sendSome(int fd, QByteArrayView bytes)
{
#ifdef MSG_NOSIGNAL
    constexpr int flags = MSG_NOSIGNAL;
#else
    constexpr int flags = 0; // SO_NOSIGPIPE, set in prepareConnection()
#endif
    const ssize_t n = ::send(fd, bytes.data(), size_t(bytes.size()), flags);
    if (n >= 0)
        return n;
    return wouldBlock(errno) ? 0 : -1;
}

void shutdownWrite(int fd)
{
    ::shutdown(fd, SHUT_WR);
}

} // namespace watchium::server::sockets
