#pragma once

#include "PortMapping.h"

#include <QHostAddress>
#include <QList>
#include <QString>

namespace watchium::server {

// Who can reach a server on this computer, and at which address an invite should name it:
// decided from this computer's interface addresses, what the router did with the port, and the
// user's own pick. Pure: no I/O, so every case is a data row in its test.
class Reachability
{
public:
    enum class Kind {
        Internet, // friends anywhere
        LocalNetwork, // only people on the same network (or VPN)
        ThisComputer, // only this computer
    };
    enum class Reason {
        UserChoice, // the user typed or picked the address
        PublicAddress, // this computer has a public IPv4 address itself
        PortMapped, // the router forwards a port from its public address
        GlobalIpv6, // a global IPv6 address: friends with IPv6, if no firewall stops them
        MappingPending, // still asking the router
        MappingOff, // port mapping is not enabled
        NoRouter, // no router answered UPnP-IGD or NAT-PMP
        RouterRefused, // the router answered and refused the mapping
        RouterBehindNat, // the router has no public address itself (CGNAT, double NAT)
        NoNetwork, // no address but loopback
    };
    // Where an address can be reached from, by its range alone.
    enum class Scope { Global, Private, Shared, LinkLocal, Loopback, Unusable };

    struct Input
    {
        struct Address
        {
            QHostAddress address;
            bool temporary = false; // an IPv6 privacy address: it changes, avoid it
        };
        QList<Address> addresses; // this computer's, in the system's order
        quint16 port = 0; // where the server listens
        PortMapping mapping;
        QString chosenHost; // the user's pick; empty: decide
    };

    Kind kind = Kind::ThisComputer;
    Reason reason = Reason::NoNetwork;
    QString host; // for the invite; empty: there is none to give (see reason)
    quint16 port = 0;
    // This computer's address on the local network: where a port forwarded by hand must point.
    QString lanHost;
    QString error; // the router's words, when it failed

    static Reachability decide(const Input &input);
    static Scope scopeOf(const QHostAddress &address);
    // The addresses a user may pick from, best first: those the decision would consider, then
    // loopback (this computer only).
    static QStringList candidates(const Input &input);

    bool operator==(const Reachability &other) const = default;
};

} // namespace watchium::server
