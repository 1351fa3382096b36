#include "PcpClient.h"

#include <QDeadlineTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

namespace watchium::server {

namespace {

constexpr quint16 kPcpPort = 5351;
constexpr int kFirstRetryMs = 250; // then doubled, as NAT-PMP's schedule
constexpr int kMaxDatagram = 1100; // RFC 6887 §7: no PCP message is longer

} // namespace

PcpClient::~PcpClient()
{
    close();
}

void PcpClient::close()
{
    if (m_socket >= 0)
        ::close(m_socket);
    m_socket = -1;
}

bool PcpClient::open(const QHostAddress &gateway)
{
    close();
    m_local.clear();
#ifdef SOCK_CLOEXEC
    m_socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
#else
    m_socket = ::socket(AF_INET, SOCK_DGRAM, 0);
#endif
    if (m_socket < 0) {
        m_error = QStringLiteral("PCP socket: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    // Connected: only the gateway's answers come in, and the local address is known.
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(kPcpPort);
    to.sin_addr.s_addr = htonl(gateway.toIPv4Address());
    sockaddr_in local {};
    socklen_t length = sizeof local;
    if (::connect(m_socket, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0
        || ::getsockname(m_socket, reinterpret_cast<sockaddr *>(&local), &length) != 0) {
        m_error = QStringLiteral("PCP: cannot reach the gateway %1: %2")
                      .arg(gateway.toString(), QString::fromLocal8Bit(strerror(errno)));
        close();
        return false;
    }
    m_local = QHostAddress(ntohl(local.sin_addr.s_addr));
    return true;
}

std::optional<PcpMessage::Answer> PcpClient::map(const PcpMessage::Map &request, int timeoutMs)
{
    m_silent = false;
    if (m_socket < 0)
        return std::nullopt;
    const QByteArray datagram = PcpMessage::mapRequest(request, m_local);
    const QDeadlineTimer deadline(timeoutMs);
    int retryMs = kFirstRetryMs;
    char buffer[kMaxDatagram];
    while (!deadline.hasExpired()) {
        if (::send(m_socket, datagram.constData(), size_t(datagram.size()), 0) < 0) {
            m_error = QStringLiteral("PCP send: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return std::nullopt;
        }
        const QDeadlineTimer resend(qMin<qint64>(retryMs, deadline.remainingTime()));
        retryMs *= 2;
        while (!resend.hasExpired()) {
            const qint64 left = resend.remainingTime();
            timeval wait {time_t(left / 1000), suseconds_t((left % 1000) * 1000)};
            fd_set readable;
            FD_ZERO(&readable);
            FD_SET(m_socket, &readable);
            if (::select(m_socket + 1, &readable, nullptr, nullptr, &wait) <= 0)
                continue;
            const ssize_t got = ::recv(m_socket, buffer, sizeof buffer, 0);
            if (got < 0) {
                // ICMP port unreachable: nothing listens on 5351 there.
                m_silent = errno == ECONNREFUSED;
                m_error = m_silent
                    ? QStringLiteral("the gateway does not answer PCP or NAT-PMP (port closed)")
                    : QStringLiteral("PCP: %1").arg(QString::fromLocal8Bit(strerror(errno)));
                return std::nullopt;
            }
            // Anything else (a stale answer, noise) is ignored.
            if (auto answer = PcpMessage::parseMapAnswer(QByteArrayView(buffer, got), request))
                return answer;
        }
    }
    m_silent = true;
    m_error = QStringLiteral("the gateway does not answer PCP or NAT-PMP");
    return std::nullopt;
}

} // namespace watchium::server
