#pragma once

#include "PcpMessage.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace watchium::server {

// Sends PCP MAP requests to the gateway (UDP 5351) and waits for the answer, resending as the
// answer is late; every call blocks, bounded by its timeout: use it on a worker thread only.
// POSIX sockets (a Windows port spells them with Winsock); no Linux-only call.
class PcpClient
{
public:
    PcpClient() = default;
    ~PcpClient();
    PcpClient(const PcpClient &) = delete;
    PcpClient &operator=(const PcpClient &) = delete;

    bool open(const QHostAddress &gateway);
    // This computer's address towards the gateway: the PCP client address, and where a
    // mapping points.
    QHostAddress localAddress() const { return m_local; }
    QString error() const { return m_error; }
    // Nothing came back at all (no PCP or NAT-PMP server there), as opposed to an answer.
    bool wasSilent() const { return m_silent; }

    std::optional<PcpMessage::Answer> map(const PcpMessage::Map &request, int timeoutMs);

private:
    void close();

    int m_socket = -1;
    QHostAddress m_local;
    QString m_error;
    bool m_silent = false;
};

} // namespace watchium::server
