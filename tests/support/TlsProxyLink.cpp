#include "TlsProxyLink.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace watchium::test {

using server::TlsSession;

TlsProxyLink::TlsProxyLink(QTcpSocket *client, const server::TlsContext &context,
                           quint16 backendPort, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_backend(new QTcpSocket(this))
    , m_tls(std::make_unique<TlsSession>(context))
{
    m_client->setParent(this);
    connect(m_client, &QTcpSocket::readyRead, this, &TlsProxyLink::fromClient);
    connect(m_client, &QTcpSocket::disconnected, this, &TlsProxyLink::finish);
    connect(m_backend, &QTcpSocket::readyRead, this, &TlsProxyLink::fromBackend);
    connect(m_backend, &QTcpSocket::disconnected, this, [this] {
        m_tls->close();
        flushToClient();
        m_client->disconnectFromHost();
    });
    m_backend->connectToHost(QHostAddress::LocalHost, backendPort);
    fromClient();
}

void TlsProxyLink::fromClient()
{
    const QByteArray ciphertext = m_client->readAll();
    if (!m_tls->receive(ciphertext)) {
        if (m_tls->failure() == TlsSession::Failure::PlaintextHttp)
            m_client->write(TlsSession::httpsRequiredResponse());
        flushToClient(); // the alert, if the handshake failed
        Q_EMIT sessionFailed(m_tls->failure(), m_tls->errorString());
        m_client->disconnectFromHost();
        return;
    }
    flushToClient();
    const QByteArray plaintext = m_tls->takePlaintext();
    if (!plaintext.isEmpty())
        m_backend->write(plaintext);
    if (m_tls->peerClosed()) {
        Q_EMIT peerClosed();
        m_backend->disconnectFromHost();
    }
}

void TlsProxyLink::fromBackend()
{
    m_tls->send(m_backend->readAll());
    flushToClient();
}

void TlsProxyLink::flushToClient()
{
    const QByteArray ciphertext = m_tls->takeCiphertext();
    if (!ciphertext.isEmpty())
        m_client->write(ciphertext);
}

void TlsProxyLink::finish()
{
    m_backend->disconnectFromHost();
    deleteLater();
}

} // namespace watchium::test
