#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace watchium::server {

// The certificate of a room hosted in the app: self-signed, made on first use and kept (with its
// key, readable by the user only) in the app's data directory, so that the fingerprint in invites
// already sent stays valid. Trust comes from that fingerprint, which the invite carries and the
// joining app pins; no certificate authority is involved.
class SelfSignedCertificate
{
public:
    QString certificateFile;
    QString keyFile;
    QByteArray sha256; // of the certificate's DER encoding, 32 bytes

    // The pair kept in `directory`, made (EC P-256, ECDSA-SHA256) when there is none or it no
    // longer loads (damaged, expired). Empty and `error` set when it can be neither read nor made.
    static std::optional<SelfSignedCertificate> ensure(const QString &directory, QString *error);

    static constexpr int kValidityDays = 3650;
    static constexpr const char *kCertificateName = "room-tls-cert.pem";
    static constexpr const char *kKeyName = "room-tls-key.pem";
};

} // namespace watchium::server
