#pragma once

#include <QByteArrayView>

#include <cerrno>
#include <sys/socket.h>

namespace watchium::server {

// Whether a non-blocking socket call that failed with `error` is simply to be tried again when the
// socket is ready, rather than a broken connection.
inline bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

// Bytes the kernel took from `bytes` (0 when its buffer is full), or -1 when the connection is
// broken. Never raises SIGPIPE.
inline qsizetype sendSome(int fd, QByteArrayView bytes)
{
    const ssize_t n = ::send(fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
    if (n >= 0)
        return n;
    return wouldBlock(errno) ? 0 : -1;
}

} // namespace watchium::server
