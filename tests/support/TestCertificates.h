#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace watchium::test {

// Certificates for the TLS tests, made by the `openssl` command-line tool in a temporary directory
// (deleted with this object). Every file is `<name>-cert.pem` / `<name>-key.pem` there. Leaves
// name localhost and 127.0.0.1. Each maker returns false, with why in error(), when openssl fails.
class TestCertificates
{
public:
    TestCertificates();

    // A root CA.
    bool makeCa(const QString &name);
    // A leaf signed by CA `issuer`; with `intermediate` it is a CA itself (for chains).
    bool makeSigned(const QString &name, const QString &issuer, bool intermediate = false);
    // A self-signed leaf; `rsa` for RSA 2048 instead of EC P-256.
    bool makeSelfSigned(const QString &name, bool rsa = false);
    // A self-signed leaf whose validity ended in 2020.
    bool makeExpired(const QString &name);
    // A key (only) encrypted with a passphrase.
    bool makeEncryptedKey(const QString &name);
    // Concatenates files (a chain: leaf first).
    bool concatenate(const QString &target, const QStringList &sources);
    bool write(const QString &fileName, const QByteArray &content);

    QString cert(const QString &name) const { return path(name + QStringLiteral("-cert.pem")); }
    QString key(const QString &name) const { return path(name + QStringLiteral("-key.pem")); }
    QString path(const QString &fileName) const { return m_dir.filePath(fileName); }
    // SHA-256 of the certificate's DER, as `openssl x509 -fingerprint` computes it.
    QByteArray sha256(const QString &name);
    QString error() const { return m_error; }

private:
    bool openssl(const QStringList &arguments);
    QStringList newKeyArguments(const QString &name, bool rsa) const;

    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace watchium::test
