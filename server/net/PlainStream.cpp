#include "net/PlainStream.h"

#include "net/Sockets.h"

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
    return sockets::receiveSome(m_fd, buffer, size);
}

qsizetype PlainStream::write(QByteArrayView bytes)
{
    return sockets::sendSome(m_fd, bytes);
}

void PlainStream::shutdownWrite()
{
    sockets::shutdownWrite(m_fd);
}

} // namespace watchium::server
