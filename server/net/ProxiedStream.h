#pragma once

#include "net/ByteStream.h"

#include <QByteArray>

#include <functional>
#include <memory>

namespace watchium::server {

// A connection from a trusted balancer: it starts with a PROXY protocol header (ProxyHeader)
// naming the client, which is read off first and reported by peerAddress() from then on, so
// per-address limits count the client rather than the balancer. A connection without a valid
// header ends at once.
class ProxiedStream : public ByteStream
{
public:
    // `admitSource` is asked once, with the client's address, whether the connection may stay
    // (the listener's per-address caps); false ends it.
    using AdmitSource = std::function<bool(const QHostAddress &)>;

    ProxiedStream(std::unique_ptr<ByteStream> inner, AdmitSource admitSource);

    int descriptor() const override { return m_inner->descriptor(); }
    int rawWriteDescriptor() const override { return m_ended ? -1 : m_inner->rawWriteDescriptor(); }
    QHostAddress peerAddress() const override { return m_source; }
    qsizetype read(char *buffer, qsizetype size) override;
    qsizetype write(QByteArrayView bytes) override;
    void shutdownWrite() override;

private:
    // Reads toward the header: true once it is complete and admitted; false while more is
    // needed (m_ended set when the connection must end instead).
    bool readHeader();

    std::unique_ptr<ByteStream> m_inner;
    AdmitSource m_admitSource;
    QHostAddress m_source;
    QByteArray m_head; // the header read so far
    QByteArray m_after; // bytes read past the header, handed up before the stream's own
    bool m_headerDone = false;
    bool m_ended = false;
};

} // namespace watchium::server
