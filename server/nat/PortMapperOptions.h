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
    int discoveryTimeoutMs = 2000; // UPnP's SSDP search
    int natPmpTimeoutMs = 2000;
    bool upnp = true;
    bool natPmp = true;
};

} // namespace watchium::server
