#pragma once

#include <QHostAddress>
#include <QString>

#include <memory>
#include <optional>

namespace watchium::server {

// A NAT-PMP (RFC 6886) client over libnatpmp, for TCP port mappings, asking the default
// gateway. Every call blocks, bounded by its timeout (libnatpmp's own retries would last a
// minute): use it on a worker thread only.
class NatPmpClient
{
public:
    NatPmpClient();
    ~NatPmpClient();
    NatPmpClient(const NatPmpClient &) = delete;
    NatPmpClient &operator=(const NatPmpClient &) = delete;

    // False when there is no default gateway (error() says why).
    bool open();
    QHostAddress gateway() const { return m_gateway; }
    // This computer's address towards the gateway: where a mapping points.
    QHostAddress localAddress() const { return m_local; }
    QString error() const { return m_error; }
    // libnatpmp's code for the last failure (NATPMP_ERR_NETWORKFAILURE: the router has no
    // public address; NATPMP_TRYAGAIN: no answer in time).
    int errorCode() const { return m_code; }

    QHostAddress publicAddress(int timeoutMs);
    struct Granted
    {
        quint16 publicPort = 0;
        int lifetimeSeconds = 0;
    };
    std::optional<Granted> map(quint16 privatePort, quint16 publicPort, int lifetimeSeconds,
                               int timeoutMs);
    // A mapping with lifetime 0 is a removal (RFC 6886 §3.4).
    bool unmap(quint16 privatePort, int timeoutMs);

private:
    struct Session;
    bool await(void *response, int timeoutMs);
    bool fail(int code);

    std::unique_ptr<Session> m_session;
    QHostAddress m_gateway;
    QHostAddress m_local;
    QString m_error;
    int m_code = 0;
};

} // namespace watchium::server
