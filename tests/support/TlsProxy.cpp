#include "TlsProxy.h"

#include "tls/TlsCredentials.h"
#include "TlsProxyLink.h"

namespace watchium::test {

TlsProxy::TlsProxy(const server::TlsCredentials *credentials, quint16 backendPort, QObject *parent)
    : QObject(parent)
    , m_credentials(credentials)
    , m_backendPort(backendPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TlsProxy::accept);
}

bool TlsProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString TlsProxy::httpsBase() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(port());
}

void TlsProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *link = new TlsProxyLink(client, *m_credentials->context(), m_backendPort, this);
        connect(link, &TlsProxyLink::sessionFailed, this, &TlsProxy::sessionFailed);
        connect(link, &TlsProxyLink::peerClosed, this, &TlsProxy::peerClosed);
    }
}

} // namespace watchium::test
