#pragma once

#include <QHostAddress>
#include <QString>

#include <memory>
#include <optional>

namespace watchium::server {

// A UPnP-IGD client over miniupnpc, for TCP port mappings. Every call blocks on the network
// (SSDP discovery, then SOAP over HTTP to the router): use it on a worker thread only.
class UpnpClient
{
public:
    UpnpClient();
    ~UpnpClient();
    UpnpClient(const UpnpClient &) = delete;
    UpnpClient &operator=(const UpnpClient &) = delete;

    // Looks for an Internet Gateway Device for up to `timeoutMs`. False: none answered, or
    // none was usable (error() says which).
    bool discover(int timeoutMs);
    bool hasGateway() const;
    // The IGD says its WAN side is up with a public address. A router without one of its own
    // (carrier-grade NAT, double NAT) answers but is "not connected" in miniupnpd's terms.
    bool isConnected() const { return m_connected; }
    // This computer's address on the router's network: where a mapping points.
    QHostAddress lanAddress() const { return m_lanAddress; }
    QString error() const { return m_error; }

    // Null when the router does not know its external address.
    QHostAddress externalAddress();
    // 0 or a UPnP error code (718: the port is mapped to someone else, 725: only permanent
    // leases); `leaseSeconds` 0 asks for a permanent mapping.
    int addMapping(quint16 externalPort, quint16 internalPort, const QHostAddress &internal,
                   const QString &description, int leaseSeconds);
    // IGDv2's AddAnyPortMapping: the router picks a free external port near `wanted`.
    int addAnyMapping(quint16 wanted, quint16 internalPort, const QHostAddress &internal,
                      const QString &description, int leaseSeconds, quint16 *granted);
    int deleteMapping(quint16 externalPort);

    struct Entry
    {
        QHostAddress internalAddress;
        quint16 internalPort = 0;
        QString description;
        int leaseSeconds = 0; // what is left of it
    };
    // The router's entry for a TCP external port; empty with `code` set when there is none
    // (714: no such entry).
    std::optional<Entry> entry(quint16 externalPort, int *code = nullptr);

    static QString errorText(int code);

private:
    struct Igd;
    std::unique_ptr<Igd> m_igd;
    bool m_connected = false;
    QHostAddress m_lanAddress;
    QString m_error;
};

} // namespace watchium::server
