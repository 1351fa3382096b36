#include "client/CertificatePin.h"

#include <QCryptographicHash>

namespace watchium {

namespace {
constexpr qsizetype kSha256Size = 32;
constexpr qsizetype kBase64Size = 43; // 32 bytes, unpadded
constexpr qsizetype kHexSize = 64;

bool isBase64Url(QStringView text)
{
    for (const QChar c : text) {
        const bool ok = (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
            || c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

bool isHex(QStringView text)
{
    for (const QChar c : text) {
        if (!c.isDigit() && !(c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')))
            return false;
    }
    return true;
}
} // namespace

CertificatePin CertificatePin::fromSha256(const QByteArray &sha256)
{
    CertificatePin pin;
    if (sha256.size() == kSha256Size)
        pin.m_sha256 = sha256;
    return pin;
}

CertificatePin CertificatePin::fromText(QStringView text)
{
    text = text.trimmed();
    if (text.size() == kBase64Size && isBase64Url(text)) {
        const auto decoded = QByteArray::fromBase64Encoding(
            text.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        return decoded ? fromSha256(*decoded) : CertificatePin();
    }
    // "AB:CD:...": a colon after every pair, as `openssl x509 -fingerprint` prints it.
    QString hex;
    if (text.size() == kHexSize + kSha256Size - 1) {
        for (qsizetype i = 0; i < text.size(); ++i) {
            if ((i % 3 == 2) != (text[i] == QLatin1Char(':')))
                return {};
            if (i % 3 != 2)
                hex += text[i];
        }
    } else {
        hex = text.toString();
    }
    if (hex.size() == kHexSize && isHex(hex))
        return fromSha256(QByteArray::fromHex(hex.toLatin1()));
    return {};
}

QString CertificatePin::toText() const
{
    return QString::fromLatin1(
        m_sha256.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

CertificatePin::Verdict CertificatePin::check(const QByteArray &leafDer) const
{
    if (isNull())
        return Verdict::NotPinned;
    if (leafDer.isEmpty())
        return Verdict::NoCertificate;
    return QCryptographicHash::hash(leafDer, QCryptographicHash::Sha256) == m_sha256
        ? Verdict::Match
        : Verdict::Mismatch;
}

QString CertificatePin::refusalMessage(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Mismatch:
        return QStringLiteral("the server's certificate does not match the invite's fingerprint");
    case Verdict::NoCertificate:
        return QStringLiteral("the server showed no certificate, and the invite requires one");
    case Verdict::NotPinned:
    case Verdict::Match:
        break;
    }
    return {};
}

} // namespace watchium
