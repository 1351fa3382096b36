#pragma once

#include "net/PlainStream.h"

namespace watchium::bench {

// A client's TCP stream that also asks the kernel when the bytes it reads arrived
// (SO_TIMESTAMP), so that a member's latency sample does not include the time the generator's
// busy event loop took to get to the socket.
class TimestampedStream : public server::PlainStream
{
public:
    explicit TimestampedStream(int fd);

    qsizetype read(char *buffer, qsizetype size) override;
    // The kernel's receive time (µs since the epoch) of the last read's bytes; 0 when it gave none.
    qint64 receivedAtUs() const { return m_receivedAtUs; }

private:
    qint64 m_receivedAtUs = 0;
};

} // namespace watchium::bench
