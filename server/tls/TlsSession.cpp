#include "tls/TlsSession.h"

#include "tls/OpenSslErrors.h"
#include "tls/TlsContext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace watchium::server {

namespace {

constexpr char kHandshakeRecord = 0x16;
// The most plaintext one SSL_read gives: a TLS record's payload.
constexpr int kRecordPlaintextMax = 16 * 1024;

// The first byte of an HTTP/1.x request: the method's first letter (GET, POST, HEAD, OPTIONS...).
bool startsLikeHttp(char byte)
{
    return byte >= 'A' && byte <= 'Z';
}

} // namespace

TlsSession::TlsSession(const TlsContext &context)
    : m_ssl(SSL_new(context.handle()))
    , m_in(BIO_new(BIO_s_mem()))
    , m_out(BIO_new(BIO_s_mem()))
{
    if (!m_ssl || !m_in || !m_out) {
        BIO_free(m_in);
        BIO_free(m_out);
        m_in = m_out = nullptr;
        fail(Failure::Handshake, QStringLiteral("cannot create a TLS session: ") + openSslErrors());
        return;
    }
    // An empty input buffer means "wait for more", not end of file.
    BIO_set_mem_eof_return(m_in, -1);
    SSL_set_bio(m_ssl, m_in, m_out);
    SSL_set_accept_state(m_ssl);
}

TlsSession::~TlsSession()
{
    SSL_free(m_ssl);
}

bool TlsSession::receive(QByteArrayView ciphertext)
{
    if (m_state == State::Failed || ciphertext.isEmpty())
        return m_state != State::Failed;
    if (!m_sawFirstByte) {
        m_sawFirstByte = true;
        const char first = ciphertext.front();
        if (first != kHandshakeRecord) {
            if (startsLikeHttp(first))
                fail(Failure::PlaintextHttp,
                     QStringLiteral("plaintext HTTP request on the TLS port"));
            else
                fail(Failure::NotTls,
                     QStringLiteral("not a TLS connection (first byte 0x%1)")
                         .arg(quint8(first), 2, 16, QLatin1Char('0')));
            return false;
        }
    }
    if (m_state == State::Closed)
        return true; // after close_notify anything more is ignored
    if (BIO_write(m_in, ciphertext.data(), int(ciphertext.size())) != int(ciphertext.size())) {
        fail(Failure::Protocol, QStringLiteral("out of memory"));
        return false;
    }
    if (m_state == State::Handshaking)
        handshake();
    if (m_state == State::Open)
        readRecords();
    return m_state != State::Failed;
}

void TlsSession::handshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_state = State::Open;
        if (!m_pendingSend.isEmpty())
            send(std::exchange(m_pendingSend, {}));
        return;
    }
    const int error = SSL_get_error(m_ssl, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
        return;
    fail(Failure::Handshake, QStringLiteral("TLS handshake failed: ") + openSslErrors());
}

void TlsSession::readRecords()
{
    char buffer[kRecordPlaintextMax];
    for (;;) {
        ERR_clear_error();
        const int n = SSL_read(m_ssl, buffer, int(sizeof buffer));
        if (n > 0) {
            m_plaintext.append(buffer, n);
            continue;
        }
        const int error = SSL_get_error(m_ssl, n);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
            return;
        if (error == SSL_ERROR_ZERO_RETURN) {
            m_peerClosed = true;
            m_state = State::Closed;
            return;
        }
        fail(Failure::Protocol, QStringLiteral("TLS error: ") + openSslErrors());
        return;
    }
}

QByteArray TlsSession::takePlaintext()
{
    return std::exchange(m_plaintext, {});
}

bool TlsSession::send(QByteArrayView plaintext)
{
    if (m_state == State::Handshaking) {
        m_pendingSend.append(plaintext);
        return true;
    }
    if (m_state != State::Open)
        return false;
    qsizetype offset = 0;
    while (offset < plaintext.size()) {
        const int chunk = int(std::min<qsizetype>(plaintext.size() - offset, kRecordPlaintextMax));
        ERR_clear_error();
        // A memory BIO takes all it is given, so a write never comes back half done.
        const int n = SSL_write(m_ssl, plaintext.data() + offset, chunk);
        if (n <= 0) {
            fail(Failure::Protocol, QStringLiteral("TLS write failed: ") + openSslErrors());
            return false;
        }
        offset += n;
    }
    return true;
}

QByteArray TlsSession::takeCiphertext()
{
    if (!m_out)
        return {};
    const size_t pending = BIO_ctrl_pending(m_out);
    if (pending == 0)
        return {};
    QByteArray out(qsizetype(pending), Qt::Uninitialized);
    const int n = BIO_read(m_out, out.data(), int(out.size()));
    out.resize(std::max(n, 0));
    return out;
}

bool TlsSession::hasCiphertext() const
{
    return m_out && BIO_ctrl_pending(m_out) > 0;
}

void TlsSession::close()
{
    if (m_state == State::Open || m_state == State::Closed) {
        ERR_clear_error();
        // 0 (sent, peer's not yet seen) or 1 (both seen): either way the notify is in m_out.
        if (SSL_shutdown(m_ssl) < 0)
            ERR_clear_error();
    }
    if (m_state != State::Failed)
        m_state = State::Closed;
    m_pendingSend.clear();
}

QString TlsSession::protocol() const
{
    if (m_state == State::Handshaking || !m_ssl)
        return {};
    return QString::fromLatin1(SSL_get_version(m_ssl));
}

QByteArray TlsSession::alpn() const
{
    const unsigned char *data = nullptr;
    unsigned int length = 0;
    if (m_ssl)
        SSL_get0_alpn_selected(m_ssl, &data, &length);
    return QByteArray(reinterpret_cast<const char *>(data), int(length));
}

void TlsSession::fail(Failure failure, const QString &error)
{
    m_state = State::Failed;
    m_failure = failure;
    m_error = error;
    m_plaintext.clear();
    m_pendingSend.clear();
}

QByteArray TlsSession::httpsRequiredResponse()
{
    // The server's error shape, so a client that reads JSON shows the message.
    static const QByteArray body =
        R"({"success":false,"error":{"code":"https_required","message":"This server only )"
        R"(speaks TLS: use https:// (or wss://) instead of http:// (or ws://)."}})";
    return QByteArrayLiteral("HTTP/1.1 400 Bad Request\r\n"
                             "Content-Type: application/json\r\n"
                             "Connection: close\r\n"
                             "Content-Length: ")
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace watchium::server
