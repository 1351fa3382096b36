#include "net/PlainStream.h"

#include "net/Nonblocking.h"

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::server {

namespace {

QHostAddress peerOf(int fd)
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

} // namespace

PlainStream::PlainStream(int fd, std::function<void()> onClose)
    : m_fd(fd)
    , m_peer(peerOf(fd))
    , m_onClose(std::move(onClose))
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    // Frames and responses are small and latency is the product: never hold one back for Nagle.
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

PlainStream::~PlainStream()
{
    ::close(m_fd);
    if (m_onClose)
        m_onClose();
}

qsizetype PlainStream::read(char *buffer, qsizetype size)
{
    const ssize_t n = ::recv(m_fd, buffer, size_t(size), 0);
    if (n > 0)
        return n;
    return n < 0 && wouldBlock(errno) ? 0 : -1;
}

qsizetype PlainStream::write(QByteArrayView bytes)
{
    return sendSome(m_fd, bytes);
}

void PlainStream::shutdownWrite()
{
    ::shutdown(m_fd, SHUT_WR);
}

} // namespace watchium::server
