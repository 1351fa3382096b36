#include "TlsTestServer.h"

namespace watchium::test {

bool TlsTestServer::start(const QString &certificateFile, const QString &keyFile, QString *error)
{
    if (!m_server.start()) {
        *error = QStringLiteral("the server did not start");
        return false;
    }
    m_credentials = server::TlsCredentials::load(certificateFile, keyFile, error);
    if (!m_credentials)
        return false;
    m_proxy = std::make_unique<TlsProxy>(m_credentials.get(), m_server.server()->port());
    if (!m_proxy->listen()) {
        *error = QStringLiteral("the TLS front did not listen");
        return false;
    }
    return true;
}

QString TlsTestServer::httpsBase(const QString &host) const
{
    return QStringLiteral("https://%1:%2").arg(host).arg(port());
}

} // namespace watchium::test
