#pragma once

#include <QByteArray>
#include <QTcpServer>

namespace watchium::server {

// The server's one listening port, shared by the HTTP API and the Realtime WebSocket endpoint.
// Each new connection's first request line is read without consuming it (MSG_PEEK): requests for
// `webSocketPath` leave as a bare descriptor through webSocketConnection(), for the lean
// WebSocket layer; everything else becomes an ordinary pending QTcpSocket for the HTTP server
// bound to this object.
class SharedPort : public QTcpServer
{
    Q_OBJECT

public:
    explicit SharedPort(QByteArray webSocketPath, QObject *parent = nullptr);

    // Where a request line's target goes: true for the WebSocket path (with or without a
    // trailing slash, any query). Pure, for tests.
    static bool targetsPath(QByteArrayView requestLine, QByteArrayView path);

Q_SIGNALS:
    // The receiver owns `fd` and must close it.
    void webSocketConnection(int fd);

protected:
    void incomingConnection(qintptr fd) override;

private:
    friend class FirstLine;
    void route(int fd, QByteArrayView firstLine);

    QByteArray m_path;
};

} // namespace watchium::server
