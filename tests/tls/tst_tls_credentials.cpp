// Loading --tls-cert / --tls-key: every way the pair can be wrong is refused at once with an
// error that names the file, and a reload that fails keeps the pair in use.
#include "TestCertificates.h"
#include "tls/TlsContext.h"
#include "tls/TlsCredentials.h"

#include <QtTest>

using namespace watchium;
using server::TlsContext;
using server::TlsCredentials;

class TstTlsCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void load_data();
    void load();
    void reloadKeepsOldPairOnError();

private:
    test::TestCertificates m_certs;
};

void TstTlsCredentials::initTestCase()
{
    QVERIFY2(m_certs.makeCa(QStringLiteral("root")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("mid"), QStringLiteral("root"), true),
             qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("leaf"), QStringLiteral("mid")),
             qPrintable(m_certs.error()));
    QVERIFY(m_certs.concatenate(
        QStringLiteral("chain-cert.pem"),
        {m_certs.cert(QStringLiteral("leaf")), m_certs.cert(QStringLiteral("mid"))}));
    QVERIFY2(m_certs.makeSelfSigned(QStringLiteral("ec")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSelfSigned(QStringLiteral("rsa"), true), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeExpired(QStringLiteral("old")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeEncryptedKey(QStringLiteral("locked")), qPrintable(m_certs.error()));
    QVERIFY(m_certs.write(QStringLiteral("junk-cert.pem"), "not a certificate\n"));
}

void TstTlsCredentials::load_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    // Empty: loads. Otherwise a piece of the error, which must also name the file at fault.
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("blamedFile");

    const auto cert = [this](const char *name) {
        return m_certs.cert(QLatin1String(name));
    };
    const auto key = [this](const char *name) {
        return m_certs.key(QLatin1String(name));
    };
    const QString chain = m_certs.path(QStringLiteral("chain-cert.pem"));
    QTest::newRow("ec") << cert("ec") << key("ec") << QString() << QString();
    QTest::newRow("rsa") << cert("rsa") << key("rsa") << QString() << QString();
    QTest::newRow("chain") << chain << key("leaf") << QString() << QString();
    QTest::newRow("missingCert") << cert("nope") << key("ec") << "no such file" << cert("nope");
    QTest::newRow("missingKey") << cert("ec") << key("nope") << "no such file" << key("nope");
    QTest::newRow("directory") << m_certs.path(QString()) << key("ec") << "not a readable file"
                               << m_certs.path(QString());
    QTest::newRow("notPem") << cert("junk") << key("ec") << "not a PEM certificate" << cert("junk");
    QTest::newRow("keyGivenAsCert")
        << key("ec") << key("ec") << "not a PEM certificate" << key("ec");
    QTest::newRow("certGivenAsKey")
        << cert("ec") << cert("ec") << "not an unencrypted PEM" << cert("ec");
    QTest::newRow("mismatchedSameType")
        << cert("ec") << key("leaf") << "does not match" << key("leaf");
    QTest::newRow("mismatchedOtherType")
        << cert("ec") << key("rsa") << "does not match" << key("rsa");
    QTest::newRow("chainWithWrongKey") << chain << key("mid") << "does not match" << key("mid");
    QTest::newRow("encryptedKey") << cert("ec") << key("locked") << "not an unencrypted PEM"
                                  << key("locked");
    QTest::newRow("expired") << cert("old") << key("old") << "expired on 2020-01-02" << cert("old");
}

void TstTlsCredentials::load()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, error);
    QFETCH(QString, blamedFile);
    QString why;
    const auto context = TlsContext::fromFiles(cert, key, &why);
    if (error.isEmpty()) {
        QVERIFY2(context, qPrintable(why));
        QCOMPARE(context->sha256().size(), 32);
        QVERIFY(context->notAfter() > QDateTime::currentDateTimeUtc());
        return;
    }
    QVERIFY(!context);
    QVERIFY2(why.contains(error), qPrintable(why));
    QVERIFY2(why.contains(blamedFile), qPrintable(why));
}

void TstTlsCredentials::reloadKeepsOldPairOnError()
{
    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-cert.pem"), {m_certs.cert(QStringLiteral("ec"))}));
    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(QStringLiteral("ec"))}));
    QString error;
    const auto credentials = TlsCredentials::load(m_certs.cert(QStringLiteral("live")),
                                                  m_certs.key(QStringLiteral("live")), &error);
    QVERIFY2(credentials, qPrintable(error));
    const QByteArray ec = m_certs.sha256(QStringLiteral("ec"));
    QCOMPARE(credentials->context()->sha256(), ec);
    const std::shared_ptr<const TlsContext> before = credentials->context();

    // Half a renewal: the new certificate is in place, its key not yet.
    QVERIFY(m_certs.concatenate(QStringLiteral("live-cert.pem"),
                                {m_certs.cert(QStringLiteral("rsa"))}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("previous one stays")));
    QVERIFY(!credentials->reload(&error));
    QVERIFY2(error.contains(QStringLiteral("does not match")), qPrintable(error));
    QCOMPARE(credentials->context(), before);

    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(QStringLiteral("rsa"))}));
    QVERIFY2(credentials->reload(&error), qPrintable(error));
    QCOMPARE(credentials->context()->sha256(), m_certs.sha256(QStringLiteral("rsa")));
    // Whoever held the old context (a connection) still has it, whole.
    QCOMPARE(before->sha256(), ec);
}

QTEST_GUILESS_MAIN(TstTlsCredentials)
#include "tst_tls_credentials.moc"
