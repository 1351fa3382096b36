#include "net/SendQueue.h"

#include "net/ByteStream.h"

namespace watchium::server {

SendQueue::Result SendQueue::write(ByteStream &stream, QByteArrayView bytes, qsizetype limit)
{
    qsizetype sent = 0;
    if (size() == 0) {
        sent = stream.write(bytes);
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

SendQueue::Result SendQueue::flush(ByteStream &stream)
{
    while (size() > 0) {
        const qsizetype sent = stream.write(QByteArrayView(m_bytes).sliced(m_offset));
        if (sent < 0)
            return Result::Failed;
        if (sent == 0)
            return Result::Queued;
        m_offset += sent;
    }
    clear();
    return Result::Sent;
}

SendQueue::Result SendQueue::hold(QByteArrayView bytes, qsizetype limit)
{
    if (size() + bytes.size() > limit)
        return Result::Overflow;
    if (m_offset > 0 && m_offset >= m_bytes.size() / 2) {
        // Sent bytes at the front: drop them rather than grow past them.
        m_bytes.remove(0, m_offset);
        m_offset = 0;
    }
    m_bytes.append(bytes);
    return Result::Queued;
}

QByteArray SendQueue::take()
{
    QByteArray bytes = m_offset > 0 ? m_bytes.sliced(m_offset) : std::move(m_bytes);
    clear();
    return bytes;
}

void SendQueue::putBack(QByteArrayView unsent)
{
    if (m_offset > 0) {
        m_bytes.remove(0, m_offset);
        m_offset = 0;
    }
    m_bytes.prepend(unsent);
}

void SendQueue::clear()
{
    m_bytes = QByteArray();
    m_offset = 0;
}

} // namespace watchium::server
