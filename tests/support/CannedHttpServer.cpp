#include "CannedHttpServer.h"

#include <QTcpSocket>

namespace watchium::test {

bool CannedHttpServer::listen()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { onConnection(); });
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void CannedHttpServer::serve(const QString &path, const QByteArray &body,
                             const QByteArray &contentType, Framing framing)
{
    m_routes.insert(path, {body, contentType, framing});
}

QString CannedHttpServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
}

void CannedHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // One request a connection: the answer closes it (or never comes).
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            if (socket->property("answered").toBool())
                return;
            const QByteArray buffered = socket->peek(socket->bytesAvailable());
            if (!buffered.contains("\r\n\r\n"))
                return;
            socket->setProperty("answered", true);
            respond(socket, socket->readAll());
        });
    }
}

void CannedHttpServer::respond(QTcpSocket *socket, const QByteArray &head)
{
    // "GET /path HTTP/1.1"
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    const QString path =
        requestLine.size() >= 2 ? QString::fromLatin1(requestLine.at(1)) : QString();
    ++m_hits[path];
    const auto route = m_routes.constFind(path);
    if (route == m_routes.constEnd()) {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    if (route->framing == Framing::Silent)
        return;
    QByteArray response =
        "HTTP/1.1 200 OK\r\nContent-Type: " + route->contentType + "\r\nConnection: close\r\n";
    if (route->framing == Framing::ContentLength)
        response += "Content-Length: " + QByteArray::number(route->body.size()) + "\r\n";
    socket->write(response + "\r\n" + route->body);
    socket->disconnectFromHost();
}

} // namespace watchium::test
