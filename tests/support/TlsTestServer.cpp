#include "TlsTestServer.h"

namespace watchium::test {

bool TlsTestServer::start(const QString &certificateFile, const QString &keyFile, QString *error)
{
    m_server.config().tlsCertificateFile = certificateFile;
    m_server.config().tlsKeyFile = keyFile;
    if (!m_server.start()) {
        *error =
            QStringLiteral("the server did not start with %1 and %2").arg(certificateFile, keyFile);
        return false;
    }
    return true;
}

QString TlsTestServer::httpsBase(const QString &host) const
{
    return QStringLiteral("https://%1:%2").arg(host).arg(port());
}

} // namespace watchium::test
