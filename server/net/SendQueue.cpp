#include "net/SendQueue.h"

#include "net/Nonblocking.h"

#include <cerrno>
#include <sys/socket.h>

namespace watchium::server {

namespace {

// Bytes the kernel took (0 when it is full), or -1 when the connection is broken.
qsizetype sendSome(int fd, QByteArrayView bytes)
{
    const ssize_t n = ::send(fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
    if (n >= 0)
        return n;
    return wouldBlock(errno) ? 0 : -1;
}

} // namespace

SendQueue::Result SendQueue::write(int fd, QByteArrayView bytes, qsizetype limit)
{
    qsizetype sent = 0;
    if (size() == 0) {
        sent = sendSome(fd, bytes);
        if (sent < 0)
            return Result::Failed;
        if (sent == bytes.size())
            return Result::Sent;
    }
    if (size() + bytes.size() - sent > limit)
        return Result::Overflow;
    m_bytes.append(bytes.sliced(sent));
    return Result::Queued;
}

SendQueue::Result SendQueue::flush(int fd)
{
    while (size() > 0) {
        const qsizetype sent = sendSome(fd, QByteArrayView(m_bytes).sliced(m_offset));
        if (sent < 0)
            return Result::Failed;
        if (sent == 0)
            return Result::Queued;
        m_offset += sent;
    }
    clear();
    return Result::Sent;
}

void SendQueue::clear()
{
    m_bytes = QByteArray();
    m_offset = 0;
}

} // namespace watchium::server
