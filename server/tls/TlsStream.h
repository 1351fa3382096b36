#pragma once

#include "net/ByteStream.h"
#include "tls/TlsSession.h"

#include <QByteArray>

#include <memory>

namespace watchium::server {

class TlsContext;

// A ByteStream that speaks TLS over another (the accepted socket's PlainStream): the HTTP and
// WebSocket layers read and write plaintext through it and never know.
//
// write() takes plaintext only once its ciphertext is all with the kernel. When the socket takes
// part of a record, the rest waits here and the plaintext counts as not taken; the caller (its
// SendQueue) offers the same bytes again when writable, and they are taken then without being
// encrypted twice. So the caller's queue is never empty while ciphertext waits here, and its
// write interest is all that is needed to drain it.
//
// Writing before the handshake is complete fails (-1): the connection has nothing to answer yet.
//
// A first byte that is not a TLS handshake but an HTTP request is answered, in plaintext, with
// TlsSession::httpsRequiredResponse(), and the stream ends.
class TlsStream : public ByteStream
{
public:
    TlsStream(std::unique_ptr<ByteStream> socket, const TlsContext &context);

    int descriptor() const override { return m_socket->descriptor(); }
    QHostAddress peerAddress() const override { return m_socket->peerAddress(); }
    qsizetype read(char *buffer, qsizetype size) override;
    qsizetype write(QByteArrayView bytes) override;
    void shutdownWrite() override;

    const TlsSession &session() const { return m_session; }

private:
    // Hands waiting ciphertext to the socket; false when the socket broke.
    bool flushCiphertext();
    void refusePlaintext();

    std::unique_ptr<ByteStream> m_socket;
    TlsSession m_session;
    QByteArray m_plaintext; // decrypted, not yet read
    QByteArray m_ciphertext; // encrypted, not yet taken by the socket
    // Plaintext already encrypted into m_ciphertext but not yet reported as taken.
    QByteArray m_encryptedAhead;
    bool m_broken = false;
};

} // namespace watchium::server
