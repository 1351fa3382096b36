#include "tls/SelfSignedCertificate.h"

#include "tls/OpenSslErrors.h"
#include "tls/TlsContext.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSelfSigned, "watchium.server.tls.selfsigned")

namespace watchium::server {

namespace {

struct Free
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(X509 *cert) const { X509_free(cert); }
    void operator()(BIO *bio) const { BIO_free(bio); }
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
template<typename T> using Owned = std::unique_ptr<T, Free>;

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(length));
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!extension)
        return false;
    const bool added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

// A positive 127-bit random serial: clients may refuse two certificates with one issuer and
// serial, and a second install on the same machine must not collide with the first.
bool setRandomSerial(X509 *cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    bytes[0] &= 0x7f;
    Owned<BIGNUM> serial(BN_bin2bn(bytes, sizeof bytes, nullptr));
    return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert));
}

Owned<X509> makeCertificate(EVP_PKEY *key)
{
    Owned<X509> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1 || !setRandomSerial(cert.get()))
        return nullptr;
    // Backdated an hour: a member whose clock is a little behind still accepts it.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), SelfSignedCertificate::kValidityDays, 0,
                     nullptr);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("Watchium room"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_set_pubkey(cert.get(), key) != 1
        || !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || X509_sign(cert.get(), key, EVP_sha256()) <= 0)
        return nullptr;
    return cert;
}

// The key is created with mode 0600 from the start (no window in which it is world-readable),
// under a temporary name, and renamed into place only once complete.
bool writePrivate(const QString &path, const QByteArray &data, QString *error)
{
    const QString temporary = path + QStringLiteral(".new");
    const QByteArray encoded = QFile::encodeName(temporary);
    ::unlink(encoded.constData());
    const int fd = ::open(encoded.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    for (qsizetype written = 0; ok && written < data.size();) {
        const ssize_t n = ::write(fd, data.constData() + written, size_t(data.size() - written));
        ok = n > 0;
        written += n;
    }
    ok = fd >= 0 && ::fsync(fd) == 0 && ::close(fd) == 0 && ok;
    if (ok)
        ok = ::rename(encoded.constData(), QFile::encodeName(path).constData()) == 0;
    if (!ok) {
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(path, QString::fromLocal8Bit(strerror(errno)));
        ::unlink(encoded.constData());
    }
    return ok;
}

bool writePublic(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

bool generate(const QString &certificateFile, const QString &keyFile, QString *error)
{
    Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    Owned<X509> cert = key ? makeCertificate(key.get()) : nullptr;
    Owned<BIO> keyPem(BIO_new(BIO_s_mem()));
    Owned<BIO> certPem(BIO_new(BIO_s_mem()));
    if (!cert || !keyPem || !certPem
        || PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1
        || PEM_write_bio_X509(certPem.get(), cert.get()) != 1) {
        *error = QStringLiteral("cannot make a certificate: ") + openSslErrors();
        return false;
    }
    // Key first: a certificate without its key would be useless, a key without its certificate
    // is simply made again.
    return writePrivate(keyFile, drain(keyPem.get()), error)
        && writePublic(certificateFile, drain(certPem.get()), error);
}

} // namespace

std::optional<SelfSignedCertificate> SelfSignedCertificate::ensure(const QString &directory,
                                                                   QString *error)
{
    if (!QDir().mkpath(directory)) {
        *error = QStringLiteral("cannot create %1").arg(directory);
        return std::nullopt;
    }
    const QDir dir(directory);
    SelfSignedCertificate result;
    result.certificateFile = dir.filePath(QLatin1String(kCertificateName));
    result.keyFile = dir.filePath(QLatin1String(kKeyName));

    QString why;
    std::unique_ptr<TlsContext> context;
    if (QFile::exists(result.certificateFile) || QFile::exists(result.keyFile)) {
        context = TlsContext::fromFiles(result.certificateFile, result.keyFile, &why);
        if (!context)
            qCWarning(lcSelfSigned).noquote() << "making a new certificate:" << why;
        else
            QFile::setPermissions(result.keyFile, QFile::ReadOwner | QFile::WriteOwner);
    }
    if (!context) {
        if (!generate(result.certificateFile, result.keyFile, error))
            return std::nullopt;
        context = TlsContext::fromFiles(result.certificateFile, result.keyFile, error);
        if (!context)
            return std::nullopt;
        qCInfo(lcSelfSigned).noquote()
            << "made a certificate for hosted rooms, SHA-256" << context->sha256().toHex(':');
    }
    result.sha256 = context->sha256();
    return result;
}

} // namespace watchium::server
