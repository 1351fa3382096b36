#include "tls/OpenSslErrors.h"

#include <QStringList>

#include <openssl/err.h>

namespace watchium::server {

QString openSslErrors()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        const char *reason = ERR_reason_error_string(code);
        const QString text =
            reason ? QString::fromLatin1(reason) : QStringLiteral("error %1").arg(code, 0, 16);
        if (!reasons.contains(text))
            reasons << text;
    }
    return reasons.isEmpty() ? QStringLiteral("unknown OpenSSL error")
                             : reasons.join(QStringLiteral("; "));
}

} // namespace watchium::server
