#include "tls/TlsStream.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cstring>

Q_LOGGING_CATEGORY(lcTlsStream, "watchium.server.tls.stream")

namespace watchium::server {

namespace {
// One read from the socket: at most one full TLS record and its header. Never more than the
// caller asked for either: plaintext is never longer than its ciphertext, so each read() hands
// over all it decrypted and nothing waits here unseen by the reactor (which watches the socket).
constexpr qsizetype kCiphertextChunk = 16 * 1024 + 512;
// Encrypted per write(): a few records, so that a slow reader holds little here.
constexpr qsizetype kPlaintextChunk = 64 * 1024;
} // namespace

TlsStream::TlsStream(std::unique_ptr<ByteStream> socket, const TlsContext &context)
    : m_socket(std::move(socket))
    , m_session(context)
{
}

qsizetype TlsStream::read(char *buffer, qsizetype size)
{
    while (m_plaintext.isEmpty()) {
        if (m_broken || m_session.state() == TlsSession::State::Failed || m_session.peerClosed())
            return -1;
        char ciphertext[kCiphertextChunk];
        const qsizetype n = m_socket->read(ciphertext, std::min(size, kCiphertextChunk));
        if (n <= 0)
            return n;
        const bool ok = m_session.receive(QByteArrayView(ciphertext, n));
        m_ciphertext += m_session.takeCiphertext(); // handshake messages, alerts
        if (!flushCiphertext())
            return -1;
        if (!ok) {
            if (m_session.failure() == TlsSession::Failure::PlaintextHttp)
                refusePlaintext();
            qCInfo(lcTlsStream).noquote() << peerAddress().toString() << m_session.errorString();
            return -1;
        }
        m_plaintext += m_session.takePlaintext();
    }
    const qsizetype n = std::min(size, m_plaintext.size());
    std::memcpy(buffer, m_plaintext.constData(), size_t(n));
    m_plaintext.remove(0, n);
    return n;
}

qsizetype TlsStream::write(QByteArrayView bytes)
{
    // A server has nothing to say before the client has finished its handshake (HTTP answers
    // requests); what TlsSession would hold until then could not be flushed by the caller's
    // write interest, which follows only its own queue.
    if (m_broken || m_session.state() == TlsSession::State::Handshaking || !flushCiphertext())
        return -1;
    if (!m_encryptedAhead.isEmpty()) {
        // The bytes offered again must start with what was encrypted last time (SendQueue's
        // contract); anything else would put other bytes on the wire than the caller believes.
        if (!bytes.startsWith(m_encryptedAhead)) {
            m_broken = true;
            return -1;
        }
        if (!m_ciphertext.isEmpty())
            return 0;
        return std::exchange(m_encryptedAhead, {}).size();
    }
    const QByteArrayView chunk = bytes.first(std::min(bytes.size(), kPlaintextChunk));
    if (!m_session.send(chunk)) {
        m_broken = true;
        return -1;
    }
    m_ciphertext += m_session.takeCiphertext();
    if (!flushCiphertext())
        return -1;
    if (m_ciphertext.isEmpty())
        return chunk.size();
    m_encryptedAhead = chunk.toByteArray();
    return 0;
}

void TlsStream::shutdownWrite()
{
    m_session.close();
    m_ciphertext += m_session.takeCiphertext(); // close_notify, best effort
    flushCiphertext();
    m_socket->shutdownWrite();
}

bool TlsStream::flushCiphertext()
{
    while (!m_ciphertext.isEmpty()) {
        const qsizetype n = m_socket->write(m_ciphertext);
        if (n < 0) {
            m_broken = true;
            return false;
        }
        if (n == 0)
            return true;
        m_ciphertext.remove(0, n);
    }
    return true;
}

void TlsStream::refusePlaintext()
{
    // A few hundred bytes to an idle socket: the kernel takes them whole.
    m_socket->write(TlsSession::httpsRequiredResponse());
    m_socket->shutdownWrite();
}

} // namespace watchium::server
