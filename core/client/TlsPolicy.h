#pragma once

#include "client/CertificatePin.h"

#include <QString>

namespace watchium {

// How a client trusts an https/wss server, beyond the system's certificate authorities: a CA file
// of its own (`--ca-file`, the app's setting), SSL_CERT_FILE / SSL_CERT_DIR as OpenSSL tools
// honour them (Qt 6.4 does not), or a pinned certificate (an invite's `fp=`), which replaces
// every authority: then only that certificate is accepted.
struct TlsPolicy
{
    QString caFile; // PEM, one or more certificates; empty: none
    bool useEnvironment = true; // SSL_CERT_FILE and SSL_CERT_DIR
    CertificatePin pin;

    bool operator==(const TlsPolicy &other) const = default;
};

} // namespace watchium
