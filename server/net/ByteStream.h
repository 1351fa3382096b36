#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

namespace watchium::server {

// The byte I/O of one accepted connection, non-blocking, as the HTTP and WebSocket layers see it.
// PlainStream reads and writes the socket itself; a TLS session can sit here instead (reading
// ciphertext from the socket and handing plaintext up) without either layer changing. The
// reactor still watches descriptor() for readiness.
class ByteStream
{
public:
    virtual ~ByteStream() = default;

    virtual int descriptor() const = 0;
    // The descriptor to which another thread may write this stream's bytes itself (a plain
    // socket's), or -1 when they must go through write() on the stream's own thread (TLS).
    virtual int rawWriteDescriptor() const { return -1; }
    virtual QHostAddress peerAddress() const = 0;
    // Bytes read into `buffer` (> 0), 0 when nothing is ready, -1 at the end of the stream or
    // when it broke.
    virtual qsizetype read(char *buffer, qsizetype size) = 0;
    // Bytes taken (0 when nothing can be taken now), or -1 when the stream broke.
    virtual qsizetype write(QByteArrayView bytes) = 0;
    // No more bytes will be written: the peer reads the end of the stream.
    virtual void shutdownWrite() = 0;
    // Why the last read or write returned -1, when the stream knows (empty at a plain end).
    virtual QString errorString() const { return {}; }
};

} // namespace watchium::server
