#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace watchium::server {

class ByteStream;

// What one non-blocking stream has not taken yet. Bytes go to the stream at once
// when nothing waits before them; the rest waits here until the socket is writable again.
// Holds no memory while it is empty, which is nearly always.
class SendQueue
{
public:
    enum class Result {
        Sent, // everything is with the kernel
        Queued, // some bytes wait: watch the socket for writability
        Overflow, // more than the limit would wait: the peer does not read
        Failed, // the connection is broken
    };

    // Sends `bytes` after whatever already waits.
    Result write(ByteStream &stream, QByteArrayView bytes, qsizetype limit);
    // Keeps `bytes` after whatever already waits, sending nothing yet (a coalesced write):
    // Queued, or Overflow past the limit.
    Result hold(QByteArrayView bytes, qsizetype limit);
    // Sends what waits (on writability): Sent when drained, Queued while some remains.
    Result flush(ByteStream &stream);
    // Everything that waits, for someone else to send; the queue is empty after.
    QByteArray take();
    // `unsent` (taken before and not all sent) goes back in front of what waits now.
    void putBack(QByteArrayView unsent);
    qsizetype size() const { return m_bytes.size() - m_offset; }
    void clear();

private:
    QByteArray m_bytes;
    qsizetype m_offset = 0;
};

} // namespace watchium::server
