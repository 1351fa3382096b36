// The certificate of a room hosted in the app: made once, kept with a private key only the user
// can read, reused, its fingerprint what openssl (and Qt, on the client) compute.
#include "TestCertificates.h"
#include "tls/SelfSignedCertificate.h"
#include "tls/TlsContext.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QtTest>

using namespace watchium;
using server::SelfSignedCertificate;

class TstSelfSigned : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void madeOnceThenReused();
    void damagedPairIsMadeAgain();
    void unwritableDirectory();
};

void TstSelfSigned::madeOnceThenReused()
{
    QTemporaryDir dir;
    const QString tls = dir.filePath(QStringLiteral("tls"));
    QString error;
    const auto made = SelfSignedCertificate::ensure(tls, &error);
    QVERIFY2(made, qPrintable(error));
    QCOMPARE(made->sha256.size(), 32);
    QCOMPARE(QFile::permissions(made->keyFile),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);

    // What the joining app computes from the certificate it is shown.
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(made->certificateFile);
    QCOMPARE(certs.size(), 1);
    QCOMPARE(certs.first().digest(QCryptographicHash::Sha256), made->sha256);
    QVERIFY(certs.first().expiryDate() > QDateTime::currentDateTimeUtc().addYears(9));
    QCOMPARE(certs.first().subjectInfo(QSslCertificate::CommonName),
             QStringList {QStringLiteral("Watchium room")});
    QFile keyFile(made->keyFile);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslKey key(&keyFile, QSsl::Ec);
    QVERIFY(!key.isNull());
    QCOMPARE(key.length(), 256);

    // And what openssl says, which names the curve.
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("x509"), QStringLiteral("-in"), made->certificateFile,
                   QStringLiteral("-noout"), QStringLiteral("-text")});
    QVERIFY(openssl.waitForFinished(10'000));
    const QByteArray text = openssl.readAllStandardOutput();
    QVERIFY2(text.contains("prime256v1"), text.constData());
    QVERIFY(text.contains("ecdsa-with-SHA256"));
    QVERIFY(text.contains("TLS Web Server Authentication"));

    const auto again = SelfSignedCertificate::ensure(tls, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->sha256, made->sha256);
}

void TstSelfSigned::damagedPairIsMadeAgain()
{
    QTemporaryDir dir;
    QString error;
    const auto made = SelfSignedCertificate::ensure(dir.path(), &error);
    QVERIFY2(made, qPrintable(error));
    QFile key(made->keyFile);
    QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
    key.write("damaged");
    key.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("making a new")));
    const auto remade = SelfSignedCertificate::ensure(dir.path(), &error);
    QVERIFY2(remade, qPrintable(error));
    QVERIFY(remade->sha256 != made->sha256);
    QVERIFY2(server::TlsContext::fromFiles(remade->certificateFile, remade->keyFile, &error),
             qPrintable(error));
}

void TstSelfSigned::unwritableDirectory()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QString error;
    QVERIFY(!SelfSignedCertificate::ensure(blocker.fileName() + QStringLiteral("/tls"), &error));
    QVERIFY2(error.contains(QStringLiteral("cannot create")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TstSelfSigned)
#include "tst_selfsigned.moc"
