#include "client/ClientTls.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QSslSocket>
#include <QUrl>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcClientTls, "watchium.client.tls")

namespace watchium {

namespace {

// A CA bundle is a few hundred KB (Debian's holds ~140 roots in 220 KB); anything far larger is
// not one, and is not read whole into memory.
constexpr qint64 kCaFileMaxBytes = 8 * 1024 * 1024;
// SSL_CERT_DIR is normally /etc/ssl/certs-like: a few hundred files.
constexpr int kCaDirMaxFiles = 4000;
const char *const kRefusalProperty = "watchium_tls_refusal";

QList<QSslCertificate> readPem(const QString &file, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the CA file %1: %2").arg(file, f.errorString());
        return {};
    }
    if (f.size() > kCaFileMaxBytes) {
        *error = QStringLiteral("the CA file %1 is too large to be certificates (over %2 MiB)")
                     .arg(file)
                     .arg(kCaFileMaxBytes / (1024 * 1024));
        return {};
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        *error = QStringLiteral("the CA file %1 holds no PEM certificate").arg(file);
    return certs;
}

// What OpenSSL's own tools would trust beyond the defaults. A broken variable is only warned
// about: it comes from the environment, not from something the user asked of Watchium.
QList<QSslCertificate> readEnvironment(const QProcessEnvironment &environment)
{
    QList<QSslCertificate> certs;
    QString error;
    const QString file = environment.value(QStringLiteral("SSL_CERT_FILE"));
    if (!file.isEmpty()) {
        certs += readPem(file, &error);
        if (!error.isEmpty())
            qCWarning(lcClientTls).noquote() << "SSL_CERT_FILE:" << error;
    }
    const QStringList dirs = environment.value(QStringLiteral("SSL_CERT_DIR"))
                                 .split(QDir::listSeparator(), Qt::SkipEmptyParts);
    int files = 0;
    for (const QString &dir : dirs) {
        QDirIterator it(dir, QDir::Files | QDir::Readable);
        while (it.hasNext() && files < kCaDirMaxFiles) {
            const QString path = it.next();
            ++files;
            if (QFileInfo(path).size() <= kCaFileMaxBytes)
                certs += QSslCertificate::fromPath(path, QSsl::Pem);
        }
    }
    if (files >= kCaDirMaxFiles)
        qCWarning(lcClientTls) << "SSL_CERT_DIR: read only the first" << kCaDirMaxFiles << "files";
    return certs;
}

QByteArray leafOf(const QWebSocket *socket)
{
    // QWebSocket shows neither its QSslSocket nor, during the handshake, the peer's certificate;
    // the QSslSocket it makes for a wss URL is its child. Found nothing: no certificate, refused.
    const auto *ssl = socket->findChild<QSslSocket *>(QString(), Qt::FindDirectChildrenOnly);
    return ssl ? ssl->peerCertificate().toDer() : QByteArray();
}

} // namespace

ClientTls::ClientTls(const TlsPolicy &policy)
    : ClientTls(policy, QProcessEnvironment::systemEnvironment())
{
}

ClientTls::ClientTls(const TlsPolicy &policy, const QProcessEnvironment &environment)
    : m_policy(policy)
{
    if (!m_policy.pin.isNull())
        return; // the pin is the only trust: no authority is read
    if (!m_policy.caFile.isEmpty())
        m_extraCas = readCaFile(m_policy.caFile, &m_error);
    if (m_policy.useEnvironment)
        m_extraCas += readEnvironment(environment);
}

QList<QSslCertificate> ClientTls::readCaFile(const QString &file, QString *error)
{
    return readPem(file, error);
}

QString ClientTls::refusalFor(const QUrl &url) const
{
    const QString scheme = url.scheme();
    if (!m_policy.pin.isNull() && scheme != QLatin1String("https")
        && scheme != QLatin1String("wss"))
        return QStringLiteral("this server's invite requires an encrypted connection (https), "
                              "not %1")
            .arg(scheme);
    return m_error;
}

bool ClientTls::changesConfiguration() const
{
    return !m_policy.pin.isNull() || !m_extraCas.isEmpty();
}

QSslConfiguration ClientTls::configuration(QSslConfiguration base) const
{
    if (!m_policy.pin.isNull()) {
        // No authority at all: every handshake then reports errors, and the pin check on them is
        // the one decision (a CA-signed certificate that is not the pinned one is refused too).
        base.setCaCertificates({});
    } else if (!m_extraCas.isEmpty()) {
        // Setting any CA list turns off Qt's loading of the system's on demand: add them back.
        base.setCaCertificates(QSslConfiguration::systemCaCertificates() + m_extraCas);
    }
    return base;
}

void ClientTls::apply(QNetworkRequest &request) const
{
    if (changesConfiguration())
        request.setSslConfiguration(configuration(request.sslConfiguration()));
}

void ClientTls::guard(QNetworkReply *reply) const
{
    if (m_policy.pin.isNull())
        return;
    const auto verdict = [pin = m_policy.pin, reply] {
        return pin.check(reply->sslConfiguration().peerCertificate().toDer());
    };
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, verdict] {
        const auto v = verdict();
        if (v == CertificatePin::Verdict::Match)
            reply->ignoreSslErrors();
        else
            reply->setProperty(kRefusalProperty, CertificatePin::refusalMessage(v));
    });
    // Belt and braces: nothing is sent on a connection whose certificate is not the pinned one.
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, verdict] {
        const auto v = verdict();
        if (v != CertificatePin::Verdict::Match) {
            reply->setProperty(kRefusalProperty, CertificatePin::refusalMessage(v));
            reply->abort();
        }
    });
}

QString ClientTls::refusal(const QNetworkReply *reply)
{
    return reply->property(kRefusalProperty).toString();
}

void ClientTls::prepare(QWebSocket *socket) const
{
    if (changesConfiguration())
        socket->setSslConfiguration(configuration(socket->sslConfiguration()));
}

void ClientTls::guard(QWebSocket *socket, std::function<void(const QString &)> refused) const
{
    if (m_policy.pin.isNull())
        return;
    QObject::connect(socket, &QWebSocket::sslErrors, socket,
                     [socket, pin = m_policy.pin, refused = std::move(refused)] {
                         const auto v = pin.check(leafOf(socket));
                         if (v == CertificatePin::Verdict::Match)
                             socket->ignoreSslErrors();
                         else if (refused)
                             refused(CertificatePin::refusalMessage(v));
                     });
}

QString ClientTls::checkConnected(const QWebSocket *socket) const
{
    if (m_policy.pin.isNull())
        return {};
    if (const QString refused = refusalFor(socket->requestUrl()); !refused.isEmpty())
        return refused;
    const auto v = m_policy.pin.check(leafOf(socket));
    return v == CertificatePin::Verdict::Match ? QString() : CertificatePin::refusalMessage(v);
}

} // namespace watchium
