#pragma once

#include "tls/TlsSession.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

namespace watchium::server {
class TlsCredentials;
}

namespace watchium::test {

// TLS in front of a plain TCP server, made of server::TlsSession the way the server's own
// connections use it: https/wss on 127.0.0.1 for the client tests until the server serves TLS on
// its own port, and the place where TlsSession meets real sockets in the TLS tests. A plaintext
// request gets TlsSession::httpsRequiredResponse().
class TlsProxy : public QObject
{
    Q_OBJECT

public:
    // `credentials` is not owned; its current context serves each new connection.
    TlsProxy(const server::TlsCredentials *credentials, quint16 backendPort,
             QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QString httpsBase() const;

Q_SIGNALS:
    void sessionFailed(watchium::server::TlsSession::Failure failure, const QString &error);
    // A client ended its session with close_notify.
    void peerClosed();

private:
    void accept();

    const server::TlsCredentials *m_credentials;
    quint16 m_backendPort;
    QTcpServer m_server;
};

} // namespace watchium::test
