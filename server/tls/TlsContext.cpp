#include "tls/TlsContext.h"

#include "tls/OpenSslErrors.h"

#include <QFileInfo>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace watchium::server {

namespace {

// TLS 1.2 needs a list; only forward-secret AEAD suites (Mozilla's "intermediate" minus DHE, whose
// parameters clients cannot check). TLS 1.3's suites are all of that kind: OpenSSL's defaults.
constexpr const char *kTls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// A passphrase would make OpenSSL prompt on the terminal; a server must fail instead.
int refusePassphrase(char *, int, int, void *)
{
    return 0;
}

// Browsers and Node offer ALPN; the server speaks HTTP/1.1 only (WebSocket upgrades included),
// so it never agrees to h2 and otherwise says nothing.
int selectAlpn(SSL *, const unsigned char **out, unsigned char *outLength, const unsigned char *in,
               unsigned int inLength, void *)
{
    static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char *selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, kHttp11, sizeof kHttp11, in, inLength)
        != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

QString readable(const QString &path, const char *what)
{
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("%1 %2: no such file").arg(QLatin1String(what), path);
    if (!info.isFile() || !info.isReadable())
        return QStringLiteral("%1 %2: not a readable file").arg(QLatin1String(what), path);
    return {};
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    tm parsed {};
    if (ASN1_TIME_to_tm(time, &parsed) != 1)
        return {};
    return QDateTime(QDate(parsed.tm_year + 1900, parsed.tm_mon + 1, parsed.tm_mday),
                     QTime(parsed.tm_hour, parsed.tm_min, parsed.tm_sec), Qt::UTC);
}

} // namespace

TlsContext::TlsContext(SSL_CTX *ctx)
    : m_ctx(ctx)
{
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

std::unique_ptr<TlsContext> TlsContext::fromFiles(const QString &certificateFile,
                                                  const QString &keyFile, QString *error)
{
    *error = readable(certificateFile, "TLS certificate");
    if (error->isEmpty())
        *error = readable(keyFile, "TLS key");
    if (!error->isEmpty())
        return nullptr;

    ERR_clear_error();
    std::unique_ptr<TlsContext> context(new TlsContext(SSL_CTX_new(TLS_server_method())));
    SSL_CTX *ctx = context->m_ctx;
    if (!ctx) {
        *error = QStringLiteral("cannot create a TLS context: ") + openSslErrors();
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // No renegotiation (a client could make the server redo handshakes at will), no compression
    // (CRIME), no session cache or tickets: a resumed session would outlive a certificate reload
    // and a ticket key that is never rotated; a full handshake per connection is cheap enough.
    SSL_CTX_set_options(ctx,
                        SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE
                            | SSL_OP_NO_COMPRESSION | SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
    SSL_CTX_set_alpn_select_cb(ctx, selectAlpn, nullptr);
    SSL_CTX_set_default_passwd_cb(ctx, refusePassphrase);

    const QByteArray certPath = QFile::encodeName(certificateFile);
    const QByteArray keyPath = QFile::encodeName(keyFile);
    if (SSL_CTX_use_certificate_chain_file(ctx, certPath.constData()) != 1) {
        *error = QStringLiteral("TLS certificate %1: not a PEM certificate chain (%2)")
                     .arg(certificateFile, openSslErrors());
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, keyPath.constData(), SSL_FILETYPE_PEM) != 1) {
        // OpenSSL reports a key that does not match the certificate here already.
        const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
        *error = mismatch ? QStringLiteral("TLS key %1 does not match the certificate in %2")
                                .arg(keyFile, certificateFile)
                          : QStringLiteral("TLS key %1: not an unencrypted PEM private key (%2)")
                                .arg(keyFile, openSslErrors());
        ERR_clear_error();
        return nullptr;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        *error = QStringLiteral("TLS key %1 does not match the certificate in %2")
                     .arg(keyFile, certificateFile);
        ERR_clear_error();
        return nullptr;
    }
    X509 *leaf = SSL_CTX_get0_certificate(ctx);
    context->m_notAfter = toDateTime(X509_get0_notAfter(leaf));
    if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
        *error = QStringLiteral("TLS certificate %1 expired on %2")
                     .arg(certificateFile, context->m_notAfter.toString(Qt::ISODate));
        return nullptr;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(leaf, EVP_sha256(), digest, &length) != 1) {
        *error = QStringLiteral("TLS certificate %1: cannot hash it (%2)")
                     .arg(certificateFile, openSslErrors());
        return nullptr;
    }
    context->m_sha256 = QByteArray(reinterpret_cast<const char *>(digest), int(length));
    return context;
}

} // namespace watchium::server
