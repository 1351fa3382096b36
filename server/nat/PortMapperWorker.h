#pragma once

#include "NatPmpClient.h"
#include "PcpClient.h"
#include "PortMapperOptions.h"
#include "PortMapping.h"
#include "UpnpClient.h"

#include <QObject>
#include <QTimer>

namespace watchium::server {

// The blocking half of PortMapper, on its thread: asks UPnP-IGD, then the gateway over PCP, or
// NAT-PMP when it does not speak PCP; renews the mapping on a timer and removes it. Reports
// every change as a PortMapping.
class PortMapperWorker : public QObject
{
    Q_OBJECT

public:
    explicit PortMapperWorker(PortMapperOptions options, QObject *parent = nullptr);

    void map();
    void unmap();

Q_SIGNALS:
    void changed(const watchium::server::PortMapping &mapping);

private:
    void renew();
    bool mapWithUpnp(bool renewal);
    // PCP, falling back to NAT-PMP on a gateway that does not speak it (same port).
    bool mapNearGateway();
    enum class PcpOutcome { Mapped, Failed, NotSpoken };
    PcpOutcome mapWithPcp(bool renewal);
    bool mapWithNatPmp(bool renewal);
    void setFailure(PortMapping::Failure failure, const QString &error);
    void scheduleRenewal();
    void report();

    PortMapperOptions m_options;
    PortMapping m_mapping;
    UpnpClient m_upnp;
    NatPmpClient m_natPmp;
    PcpClient m_pcp;
    PcpMessage::Map m_pcpRequest; // its nonce names our mapping in renewals and the removal
    QTimer m_renewal;
};

} // namespace watchium::server
