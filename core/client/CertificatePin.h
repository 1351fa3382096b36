#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace watchium {

// The SHA-256 of a server's certificate (its DER encoding), as an invite to a room hosted in the
// app carries it (`fp=`, base64url without padding). When a connection is pinned, the server's
// leaf certificate must hash to it, and nothing else is asked of the certificate: it may be
// self-signed, name another host, or be expired. Pure: tested with data rows.
class CertificatePin
{
public:
    enum class Verdict {
        NotPinned, // no pin: the usual certificate checks decide
        Match, // the leaf is the pinned certificate: accept whatever else is said of it
        Mismatch, // refuse: another certificate (another server, or someone in between)
        NoCertificate, // refuse: the server showed none
    };

    CertificatePin() = default;
    // 32 bytes; anything else makes a null pin.
    static CertificatePin fromSha256(const QByteArray &sha256);
    // base64url (43 characters) or hex (64 digits, colons allowed, as `openssl -fingerprint`
    // prints it). Null when it is neither.
    static CertificatePin fromText(QStringView text);

    bool isNull() const { return m_sha256.isEmpty(); }
    QByteArray sha256() const { return m_sha256; }
    // base64url without padding: what invites carry.
    QString toText() const;

    Verdict check(const QByteArray &leafDer) const;
    // The reason a refusal gives the user.
    static QString refusalMessage(Verdict verdict);

    bool operator==(const CertificatePin &other) const = default;

private:
    QByteArray m_sha256;
};

} // namespace watchium
