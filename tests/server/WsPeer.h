#pragma once

// The client end of a server WebSocket in tests: a socketpair stands in for the network and the
// test plays the client with the core codec.
#include "websocket/WsFrame.h"
#include "websocket/WsFrameParser.h"
#include "websocket/WsHandshake.h"

#include <QtTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::test {

inline constexpr quint32 kMask = 0x12345678;

// The client end of a socketpair: writes bytes, and reads whatever the server end sent.
class Peer
{
public:
    Peer()
    {
        int fds[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        m_fd = fds[0];
        serverFd = fds[1];
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~Peer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    void write(QByteArrayView bytes) const
    {
        QCOMPARE(::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL),
                 ssize_t(bytes.size()));
    }
    void sendFrame(ws::Opcode opcode, QByteArrayView payload) const
    {
        write(ws::FrameWriter::frame(opcode, payload, kMask));
    }
    // Everything readable now; sets `eof` when the server end has shut its side.
    QByteArray readAvailable()
    {
        QByteArray all;
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (n > 0) {
                all.append(buffer, n);
                continue;
            }
            if (n == 0)
                eof = true;
            break;
        }
        received.append(all);
        return all;
    }
    void closeNow()
    {
        ::close(m_fd);
        m_fd = -1;
    }

    int serverFd = -1;
    bool eof = false;
    QByteArray received;

private:
    int m_fd = -1;
};

inline QByteArray upgradeRequest(QByteArrayView key = "dGhlIHNhbXBsZSBub25jZQ==")
{
    return "GET /realtime/v1/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: localhost\r\n"
           "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + key.toByteArray() + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

// Parses what the server sent after its handshake response.
inline QList<ws::FrameParser::Event> framesAfterHead(const QByteArray &received)
{
    QList<ws::FrameParser::Event> events;
    const qsizetype end = ws::handshake::headEnd(received);
    if (end < 0)
        return events;
    ws::FrameParser parser(ws::FrameParser::Role::Client, 1024 * 1024);
    parser.feed(QByteArrayView(received).sliced(end),
                [&](ws::FrameParser::Event &&e) { events.append(std::move(e)); });
    return events;
}

} // namespace watchium::test
