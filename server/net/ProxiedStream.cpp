#include "net/ProxiedStream.h"

#include "net/ProxyHeader.h"

#include <QLoggingCategory>

#include <cstring>

Q_LOGGING_CATEGORY(lcProxied, "watchium.net.proxy")

namespace watchium::server {

ProxiedStream::ProxiedStream(std::unique_ptr<ByteStream> inner, AdmitSource admitSource)
    : m_inner(std::move(inner))
    , m_admitSource(std::move(admitSource))
    , m_source(m_inner->peerAddress())
{
}

bool ProxiedStream::readHeader()
{
    while (!m_ended) {
        const ProxyHeader::Result judged = ProxyHeader::parse(m_head);
        if (judged.status == ProxyHeader::Status::Invalid) {
            qCInfo(lcProxied).noquote() << "dropping a connection from"
                                        << m_inner->peerAddress().toString() << ":" << judged.error;
            m_ended = true;
            return false;
        }
        if (judged.status == ProxyHeader::Status::Done) {
            if (judged.source)
                m_source = *judged.source;
            m_after = m_head.sliced(judged.length);
            m_head = QByteArray();
            m_headerDone = true;
            if (m_admitSource && !m_admitSource(m_source)) {
                m_ended = true;
                return false;
            }
            return true;
        }
        const qsizetype want = judged.length - m_head.size();
        char buffer[ProxyHeader::kMaxV1Length + 16 + ProxyHeader::kMaxV2Block];
        const qsizetype n = m_inner->read(buffer, std::clamp<qsizetype>(want, 1, sizeof buffer));
        if (n <= 0) {
            m_ended = n < 0;
            return false;
        }
        m_head.append(buffer, n);
    }
    return false;
}

qsizetype ProxiedStream::read(char *buffer, qsizetype size)
{
    if (m_ended)
        return -1;
    if (!m_headerDone && !readHeader())
        return m_ended ? -1 : 0;
    if (!m_after.isEmpty()) {
        const qsizetype n = std::min(size, m_after.size());
        std::memcpy(buffer, m_after.constData(), size_t(n));
        m_after.remove(0, n);
        return n;
    }
    return m_inner->read(buffer, size);
}

qsizetype ProxiedStream::write(QByteArrayView bytes)
{
    return m_ended ? -1 : m_inner->write(bytes);
}

void ProxiedStream::shutdownWrite()
{
    m_inner->shutdownWrite();
}

} // namespace watchium::server
