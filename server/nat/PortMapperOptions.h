#pragma once

#include <QString>

namespace watchium::server {

// What a PortMapper asks the router for, and how long it waits.
struct PortMapperOptions
{
    quint16 port = 0; // the server's TCP port; the same external port is asked for
    QString description = QStringLiteral("Watchium");
    int leaseSeconds = 3600; // asked for; routers may grant another
    // How often the mapping is renewed; 0: at half the granted lease (at least every 20 min,
    // so that a router that restarted gets it back).
    int renewIntervalMs = 0;
    // UPnP's SSDP search, for each kind of device miniupnpc asks for until one answers (an
    // IGD, then its WANIPConnection and WANPPPConnection services). Routers answer within the
    // search's MX, which miniupnpc sets to this in whole seconds.
    int discoveryTimeoutMs = 1000;
    int natPmpTimeoutMs = 2000; // and PCP's: the same server port on the gateway
    bool upnp = true;
    bool pcp = true;
    bool natPmp = true;
};

} // namespace watchium::server
