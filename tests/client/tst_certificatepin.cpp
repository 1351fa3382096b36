// The pin an invite carries: how it is written and read, and which certificate it lets through.
#include "client/CertificatePin.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace watchium;
using Verdict = CertificatePin::Verdict;

Q_DECLARE_METATYPE(CertificatePin::Verdict)

namespace {
const QByteArray kDer = QByteArrayLiteral("0\x82 a certificate's DER bytes");
QByteArray sha(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}
} // namespace

class TstCertificatePin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromText_data();
    void fromText();
    void textRoundTrip();
    void check_data();
    void check();
};

void TstCertificatePin::fromText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("sha256"); // empty: refused

    const QByteArray digest = sha(kDer);
    const QString base64 = QString::fromLatin1(
        digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString hex = QString::fromLatin1(digest.toHex());
    const QString colons = QString::fromLatin1(digest.toHex(':')).toUpper();
    QTest::newRow("base64url") << base64 << digest;
    QTest::newRow("base64urlBlanks")
        << QStringLiteral("  ") + base64 + QStringLiteral("\n") << digest;
    QTest::newRow("hex") << hex << digest;
    QTest::newRow("opensslColons") << colons << digest;
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("padded") << base64 + QLatin1Char('=') << QByteArray();
    QTest::newRow("standardBase64") << QString(base64).replace(QLatin1Char('-'), QLatin1Char('+'))
                                    << (base64.contains(QLatin1Char('-')) ? QByteArray() : digest);
    QTest::newRow("short") << base64.left(42) << QByteArray();
    QTest::newRow("long") << base64 + QLatin1Char('A') << QByteArray();
    QTest::newRow("sha1Hex") << QString::fromLatin1(
        QCryptographicHash::hash(kDer, QCryptographicHash::Sha1).toHex())
                             << QByteArray();
    QTest::newRow("hexNotHex") << QString(hex).replace(0, 1, QLatin1Char('g')) << QByteArray();
    QTest::newRow("misplacedColons")
        << QString(colons).remove(2, 1).insert(3, QLatin1Char(':')) << QByteArray();
    QTest::newRow("unicode") << QString(43, QChar(0x00e9)) << QByteArray();
}

void TstCertificatePin::fromText()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, sha256);
    const CertificatePin pin = CertificatePin::fromText(text);
    QCOMPARE(pin.sha256(), sha256);
    QCOMPARE(pin.isNull(), sha256.isEmpty());
}

void TstCertificatePin::textRoundTrip()
{
    const CertificatePin pin = CertificatePin::fromSha256(sha(kDer));
    QCOMPARE(pin.toText().size(), 43);
    QCOMPARE(CertificatePin::fromText(pin.toText()), pin);
    QVERIFY(CertificatePin::fromSha256(QByteArray(31, 'x')).isNull());
}

void TstCertificatePin::check_data()
{
    QTest::addColumn<QByteArray>("pinned"); // sha256 or empty
    QTest::addColumn<QByteArray>("leafDer");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<bool>("explained");

    QTest::newRow("notPinned") << QByteArray() << kDer << Verdict::NotPinned << false;
    QTest::newRow("notPinnedNoCert") << QByteArray() << QByteArray() << Verdict::NotPinned << false;
    QTest::newRow("match") << sha(kDer) << kDer << Verdict::Match << false;
    QTest::newRow("otherCertificate") << sha(kDer) << kDer + '!' << Verdict::Mismatch << true;
    // The pin's own bytes are not a certificate that hashes to it.
    QTest::newRow("pinAsCertificate") << sha(kDer) << sha(kDer) << Verdict::Mismatch << true;
    QTest::newRow("noCertificate") << sha(kDer) << QByteArray() << Verdict::NoCertificate << true;
}

void TstCertificatePin::check()
{
    QFETCH(QByteArray, pinned);
    QFETCH(QByteArray, leafDer);
    QFETCH(Verdict, verdict);
    QFETCH(bool, explained);
    const CertificatePin pin = CertificatePin::fromSha256(pinned);
    QCOMPARE(pin.check(leafDer), verdict);
    QCOMPARE(!CertificatePin::refusalMessage(verdict).isEmpty(), explained);
    if (verdict == Verdict::Mismatch)
        QCOMPARE(
            CertificatePin::refusalMessage(verdict),
            QStringLiteral("the server's certificate does not match the invite's fingerprint"));
}

QTEST_APPLESS_MAIN(TstCertificatePin)
#include "tst_certificatepin.moc"
