#include "net/PlainStream.h"

#include "net/Sockets.h"

#include <cerrno>

namespace watchium::server {

PlainStream::PlainStream(int fd, std::function<void()> onClose)
    : m_fd(fd)
    , m_peer(sockets::peerAddress(fd))
    , m_onClose(std::move(onClose))
{
    sockets::prepareConnection(m_fd);
}

PlainStream::~PlainStream()
{
    sockets::closeDescriptor(m_fd);
    if (m_onClose)
        m_onClose();
}

qsizetype PlainStream::read(char *buffer, qsizetype size)
{
    errno = 0; // a plain end of stream sets none
    const qsizetype n = sockets::receiveSome(m_fd, buffer, size);
    noteResult(n, errno);
    return n;
}

qsizetype PlainStream::write(QByteArrayView bytes)
{
    const qsizetype n = sockets::sendSome(m_fd, bytes);
    noteResult(n, errno);
    return n;
}

void PlainStream::noteResult(qsizetype result, int error)
{
    if (result < 0)
        m_lastError = error;
}

QString PlainStream::errorString() const
{
    return m_lastError ? sockets::errorText(m_lastError) : QString();
}

void PlainStream::shutdownWrite()
{
    sockets::shutdownWrite(m_fd);
}

} // namespace watchium::server
