#include "WsClientSocket.h"

#include "net/Sockets.h"
#include "websocket/WsHandshake.h"

#include <QHostAddress>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::bench {

namespace {

constexpr qsizetype kReadChunk = 64 * 1024;
constexpr qsizetype kMaxMessageBytes = 1024 * 1024;
constexpr qsizetype kMaxQueuedBytes = 16 * 1024 * 1024;

} // namespace

WsClientSocket::WsClientSocket(server::Reactor *reactor, QObject *parent)
    : QObject(parent)
    , m_reactor(reactor)
    , m_parser(ws::FrameParser::Role::Client, kMaxMessageBytes)
{
}

WsClientSocket::~WsClientSocket()
{
    if (m_fd >= 0) {
        m_reactor->remove(m_fd);
        ::close(m_fd);
    }
}

void WsClientSocket::open(const QUrl &url)
{
    QHostAddress host(url.host());
    if (url.host() == QLatin1String("localhost"))
        host = QHostAddress(QHostAddress::LocalHost);
    if (host.protocol() != QAbstractSocket::IPv4Protocol) {
        fail(QStringLiteral("not an IPv4 address: %1").arg(url.host()));
        return;
    }
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ::setsockopt(m_fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof(one));
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(url.port(80)));
    address.sin_addr.s_addr = htonl(host.toIPv4Address());
    m_key = ws::handshake::newClientKey();
    const QByteArray hostHeader =
        QStringLiteral("%1:%2").arg(url.host()).arg(url.port(80)).toUtf8();
    m_request = ws::handshake::clientRequest(hostHeader,
                                             url.path(QUrl::FullyEncoded).toUtf8() + '?'
                                                 + url.query(QUrl::FullyEncoded).toUtf8(),
                                             m_key);
    m_state = State::Connecting;
    if (!m_reactor->add(m_fd, this)) {
        fail(QStringLiteral("cannot watch the socket"));
        return;
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0) {
        onConnected();
        return;
    }
    if (errno != EINPROGRESS) {
        fail(QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    m_wantWrite = true;
    m_reactor->setWantWrite(m_fd, this, true);
}

void WsClientSocket::onConnected()
{
    m_state = State::Handshaking;
    write(m_request);
    m_request = QByteArray();
}

void WsClientSocket::sendText(QByteArrayView utf8)
{
    if (m_state == State::Open)
        write(
            ws::FrameWriter::frame(ws::Opcode::Text, utf8, QRandomGenerator::global()->generate()));
}

void WsClientSocket::close()
{
    if (m_state != State::Open) {
        abort();
        return;
    }
    m_state = State::Closing;
    write(
        ws::FrameWriter::closeFrame(ws::close::Normal, {}, QRandomGenerator::global()->generate()));
}

void WsClientSocket::abort()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_fd >= 0) {
        m_reactor->remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    QMetaObject::invokeMethod(this, &WsClientSocket::disconnected, Qt::QueuedConnection);
}

void WsClientSocket::fail(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    abort();
}

void WsClientSocket::socketEvents(quint32 events)
{
    if (m_fd < 0)
        return;
    if (m_state == State::Connecting
        && (events
            & (server::Reactor::Writable | server::Reactor::Error | server::Reactor::HangUp))) {
        int error = 0;
        socklen_t length = sizeof(error);
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            fail(QString::fromLocal8Bit(std::strerror(error)));
            return;
        }
        m_wantWrite = false;
        m_reactor->setWantWrite(m_fd, this, false);
        onConnected();
        return;
    }
    if (events & server::Reactor::Writable)
        flush();
    if (m_fd >= 0
        && (events
            & (server::Reactor::Readable | server::Reactor::HangUp | server::Reactor::Error)))
        read();
}

void WsClientSocket::read()
{
    static thread_local char buffer[kReadChunk];
    for (int i = 0; i < 4 && m_fd >= 0; ++i) {
        iovec io {buffer, sizeof(buffer)};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timeval))];
        msghdr message {};
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        const ssize_t n = ::recvmsg(m_fd, &message, 0);
        m_receivedAtUs = 0;
        for (cmsghdr *c = CMSG_FIRSTHDR(&message); n > 0 && c; c = CMSG_NXTHDR(&message, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
                timeval at {};
                std::memcpy(&at, CMSG_DATA(c), sizeof(at));
                m_receivedAtUs = qint64(at.tv_sec) * 1'000'000 + at.tv_usec;
            }
        }
        if (n < 0 && server::sockets::wouldBlock(errno))
            return;
        if (n <= 0) {
            if (m_state == State::Handshaking || m_state == State::Connecting)
                fail(QStringLiteral("connection closed during the handshake"));
            else
                abort();
            return;
        }
        QByteArrayView bytes(buffer, n);
        if (m_state == State::Handshaking) {
            m_head.append(bytes);
            const qsizetype end = ws::handshake::headEnd(m_head);
            if (end < 0) {
                if (m_head.size() > ws::handshake::kMaxHeadBytes)
                    fail(QStringLiteral("handshake response too large"));
                return;
            }
            QString error;
            if (!ws::handshake::checkResponse(QByteArrayView(m_head).first(end), m_key, &error)) {
                fail(error);
                return;
            }
            const QByteArray rest = m_head.mid(end);
            m_head = QByteArray();
            m_state = State::Open;
            Q_EMIT connected();
            if (m_state == State::Open && !rest.isEmpty())
                readFrames(rest);
        } else {
            readFrames(bytes);
        }
        if (n < kReadChunk)
            return;
    }
}

void WsClientSocket::readFrames(QByteArrayView bytes)
{
    const bool ok = m_parser.feed(bytes, [this](ws::FrameParser::Event &&event) {
        using Kind = ws::FrameParser::Event::Kind;
        if (event.kind == Kind::Text && m_state == State::Open) {
            Q_EMIT textMessage(event.payload);
        } else if (event.kind == Kind::Ping && m_state == State::Open) {
            write(ws::FrameWriter::frame(ws::Opcode::Pong, event.payload,
                                         QRandomGenerator::global()->generate()));
        } else if (event.kind == Kind::Close) {
            m_closeCode = event.closeCode;
            m_closeReason = QString::fromUtf8(event.closeReason);
            abort();
        }
    });
    if (!ok && m_parser.failed())
        fail(m_parser.errorReason());
}

void WsClientSocket::write(QByteArrayView bytes)
{
    if (m_fd >= 0)
        afterSend(m_out.write(m_fd, bytes, kMaxQueuedBytes));
}

void WsClientSocket::flush()
{
    afterSend(m_out.flush(m_fd));
}

void WsClientSocket::afterSend(server::SendQueue::Result result)
{
    using Result = server::SendQueue::Result;
    if (result == Result::Failed || result == Result::Overflow) {
        fail(result == Result::Failed ? QString::fromLocal8Bit(std::strerror(errno))
                                      : QStringLiteral("the server does not read"));
        return;
    }
    const bool wantWrite = result == Result::Queued;
    if (m_wantWrite != wantWrite) {
        m_wantWrite = wantWrite;
        m_reactor->setWantWrite(m_fd, this, wantWrite);
    }
}

} // namespace watchium::bench
