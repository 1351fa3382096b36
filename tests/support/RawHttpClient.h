#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

#include <optional>

namespace watchium::test {

// An HTTP/1.1 client that writes exactly the bytes it is given and reads responses by their
// framing, for tests of what the server does with odd, slow, pipelined or hostile requests.
// Waits run the event loop (an in-process server keeps serving) and are bounded.
class RawHttpClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray head; // status line and headers, through the blank line
        QByteArray body;
        QByteArray header(QByteArrayView name) const; // case-insensitive, first value
    };

    // Connects from `from` (any loopback address: 127.0.0.2 is "another client").
    bool connectTo(quint16 port, const QHostAddress &from = QHostAddress::LocalHost,
                   int timeoutMs = 5000);
    void send(QByteArrayView bytes);
    // Sends everything queued, or gives up when the server closed or `timeoutMs` passed.
    bool flush(int timeoutMs = 5000);
    // The next response; a HEAD's has no body whatever its Content-Length says.
    std::optional<Response> next(bool head = false, int timeoutMs = 5000);
    // Whether the server closed the connection within `timeoutMs`.
    bool waitClosed(int timeoutMs = 5000);
    bool isOpen() const;
    // Bytes received and not yet taken by next().
    QByteArray pending();
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_in;
};

} // namespace watchium::test
