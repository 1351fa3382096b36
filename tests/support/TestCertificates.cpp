#include "TestCertificates.h"

#include <QFile>
#include <QProcess>

namespace watchium::test {

namespace {
constexpr int kOpensslTimeoutMs = 30'000;
const QString kSubject = QStringLiteral("/CN=localhost");
const QString kLeafExtensions =
    QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                   "extendedKeyUsage=serverAuth\n");
const QString kCaExtensions =
    QStringLiteral("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
} // namespace

TestCertificates::TestCertificates() = default;

bool TestCertificates::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(kOpensslTimeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = QStringLiteral("openssl %1: %2%3")
                      .arg(arguments.join(QLatin1Char(' ')), process.errorString(),
                           QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

QStringList TestCertificates::newKeyArguments(const QString &name, bool rsa) const
{
    QStringList args {QStringLiteral("-nodes"), QStringLiteral("-keyout"), key(name)};
    if (rsa)
        return args << QStringLiteral("-newkey") << QStringLiteral("rsa:2048");
    return args << QStringLiteral("-newkey") << QStringLiteral("ec") << QStringLiteral("-pkeyopt")
                << QStringLiteral("ec_paramgen_curve:P-256");
}

bool TestCertificates::makeCa(const QString &name)
{
    return openssl(
        QStringList {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-days"),
                     QStringLiteral("30"), QStringLiteral("-subj"),
                     QStringLiteral("/CN=Watchium test ") + name, QStringLiteral("-addext"),
                     QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                     QStringLiteral("keyUsage=critical,keyCertSign,cRLSign"),
                     QStringLiteral("-out"), cert(name)}
        + newKeyArguments(name, false));
}

bool TestCertificates::makeSigned(const QString &name, const QString &issuer, bool intermediate)
{
    const QString csr = path(name + QStringLiteral(".csr"));
    const QString ext = path(name + QStringLiteral(".ext"));
    const QString subject = intermediate ? QStringLiteral("/CN=Watchium test ") + name : kSubject;
    return write(name + QStringLiteral(".ext"),
                 (intermediate ? kCaExtensions : kLeafExtensions).toUtf8())
        && openssl(QStringList {QStringLiteral("req"), QStringLiteral("-new"),
                                QStringLiteral("-subj"), subject, QStringLiteral("-out"), csr}
                   + newKeyArguments(name, false))
        && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                    QStringLiteral("-CA"), cert(issuer), QStringLiteral("-CAkey"), key(issuer),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-days"),
                    QStringLiteral("30"), QStringLiteral("-extfile"), ext, QStringLiteral("-out"),
                    cert(name)});
}

bool TestCertificates::makeSelfSigned(const QString &name, bool rsa)
{
    return openssl(QStringList {QStringLiteral("req"), QStringLiteral("-x509"),
                                QStringLiteral("-days"), QStringLiteral("30"),
                                QStringLiteral("-subj"), kSubject, QStringLiteral("-addext"),
                                QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                                QStringLiteral("-out"), cert(name)}
                   + newKeyArguments(name, rsa));
}

bool TestCertificates::makeExpired(const QString &name)
{
    // `req -x509` cannot backdate; `ca -selfsign` can, with a minimal configuration of its own.
    const QString csr = path(name + QStringLiteral(".csr"));
    const QString config = QStringLiteral("[ca]\ndefault_ca=d\n[d]\ndatabase=%1-index.txt\n"
                                          "new_certs_dir=.\ndefault_md=sha256\npolicy=p\n"
                                          "serial=%1-serial\n[p]\ncommonName=supplied\n")
                               .arg(name);
    return write(name + QStringLiteral("-ca.cnf"), config.toUtf8())
        && write(name + QStringLiteral("-index.txt"), {})
        && write(name + QStringLiteral("-serial"), "01\n")
        && openssl(QStringList {QStringLiteral("req"), QStringLiteral("-new"),
                                QStringLiteral("-subj"), kSubject, QStringLiteral("-out"), csr}
                   + newKeyArguments(name, false))
        && openssl({QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"),
                    path(name + QStringLiteral("-ca.cnf")), QStringLiteral("-selfsign"),
                    QStringLiteral("-keyfile"), key(name), QStringLiteral("-in"), csr,
                    QStringLiteral("-startdate"), QStringLiteral("20200101000000Z"),
                    QStringLiteral("-enddate"), QStringLiteral("20200102000000Z"),
                    QStringLiteral("-notext"), QStringLiteral("-out"), cert(name)});
}

bool TestCertificates::makeEncryptedKey(const QString &name)
{
    return openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                    QStringLiteral("-aes-256-cbc"), QStringLiteral("-pass"),
                    QStringLiteral("pass:secret"), QStringLiteral("-out"), key(name)});
}

bool TestCertificates::concatenate(const QString &target, const QStringList &sources)
{
    QByteArray all;
    for (const QString &source : sources) {
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly)) {
            m_error = source + QStringLiteral(": ") + file.errorString();
            return false;
        }
        all += file.readAll();
    }
    return write(target, all);
}

bool TestCertificates::write(const QString &fileName, const QByteArray &content)
{
    QFile file(path(fileName));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(content) == content.size())
        return true;
    m_error = file.fileName() + QStringLiteral(": ") + file.errorString();
    return false;
}

QByteArray TestCertificates::sha256(const QString &name)
{
    QProcess process;
    process.start(QStringLiteral("openssl"),
                  {QStringLiteral("x509"), QStringLiteral("-in"), cert(name),
                   QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                   QStringLiteral("-sha256")});
    if (!process.waitForFinished(kOpensslTimeoutMs))
        return {};
    // "sha256 Fingerprint=AB:CD:..."
    const QByteArray line = process.readAllStandardOutput().trimmed();
    return QByteArray::fromHex(line.mid(line.indexOf('=') + 1).replace(':', ""));
}

} // namespace watchium::test
