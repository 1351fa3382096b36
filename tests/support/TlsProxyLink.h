#pragma once

#include "tls/TlsSession.h"

#include <QObject>

#include <memory>

class QTcpSocket;

namespace watchium::server {
class TlsContext;
}

namespace watchium::test {

// One connection through TlsProxy: the client's TLS socket, its TlsSession, and a plain socket to
// the backend. Deletes itself once either side has closed.
class TlsProxyLink : public QObject
{
    Q_OBJECT

public:
    TlsProxyLink(QTcpSocket *client, const server::TlsContext &context, quint16 backendPort,
                 QObject *parent);

Q_SIGNALS:
    void sessionFailed(watchium::server::TlsSession::Failure failure, const QString &error);
    void peerClosed();

private:
    void fromClient();
    void fromBackend();
    void flushToClient();
    void finish();

    QTcpSocket *m_client;
    QTcpSocket *m_backend;
    std::unique_ptr<server::TlsSession> m_tls;
};

} // namespace watchium::test
