#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>

using SSL_CTX = struct ssl_ctx_st;

namespace watchium::server {

// One server certificate and its key, ready to accept TLS connections: an OpenSSL SSL_CTX with
// Watchium's protocol and cipher choices. Sessions take their own reference to the SSL_CTX, so a
// context may be dropped (a reload) while connections made from it carry on.
class TlsContext
{
public:
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    // Loads a PEM certificate chain (leaf first) and its PEM private key. Null and `error` set
    // (naming the file at fault) when a file is missing, unreadable, not PEM, encrypted, the key
    // does not match the certificate, or the certificate has expired.
    static std::unique_ptr<TlsContext> fromFiles(const QString &certificateFile,
                                                 const QString &keyFile, QString *error);

    SSL_CTX *handle() const { return m_ctx; }
    // SHA-256 of the leaf certificate's DER encoding (32 bytes).
    QByteArray sha256() const { return m_sha256; }
    QDateTime notAfter() const { return m_notAfter; }

private:
    explicit TlsContext(SSL_CTX *ctx);

    SSL_CTX *m_ctx;
    QByteArray m_sha256;
    QDateTime m_notAfter;
};

} // namespace watchium::server
