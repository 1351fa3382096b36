#include "TimestampedStream.h"

#include "net/Sockets.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/time.h>

namespace watchium::bench {

TimestampedStream::TimestampedStream(int fd)
    : PlainStream(fd)
{
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof(one));
}

qsizetype TimestampedStream::read(char *buffer, qsizetype size)
{
    iovec io {buffer, size_t(size)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timeval))];
    msghdr message {};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    const ssize_t n = ::recvmsg(descriptor(), &message, 0);
    if (n < 0 && server::sockets::wouldBlock(errno))
        return 0;
    if (n <= 0) {
        noteResult(-1, n < 0 ? errno : 0);
        return -1;
    }
    m_receivedAtUs = 0;
    for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
            timeval at {};
            std::memcpy(&at, CMSG_DATA(c), sizeof(at));
            m_receivedAtUs = qint64(at.tv_sec) * 1'000'000 + at.tv_usec;
        }
    }
    return n;
}

} // namespace watchium::bench
