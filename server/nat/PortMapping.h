#pragma once

#include <QHostAddress>
#include <QMetaType>
#include <QString>

namespace watchium::server {

// What the router did with the server's port: the state a PortMapper reports after each attempt,
// renewal and removal. A value: the reachability decision reads it without any I/O.
struct PortMapping
{
    enum class State {
        Off, // not asked (mapping disabled, or removed when the server stopped)
        Pending, // asking the router
        Mapped, // the router forwards externalAddress:externalPort to internalAddress:port
        Failed, // see failure
    };
    enum class Method { None, Upnp, Pcp, NatPmp };
    // In order of how much they tell: when several protocols fail, the last one reported wins.
    enum class Failure {
        None,
        NoRouter, // nothing answered UPnP discovery, PCP or NAT-PMP
        Refused, // the router answered and said no (port taken, not allowed...)
        NoPublicAddress, // the router answered but has no public address itself (CGNAT)
    };

    State state = State::Off;
    Method method = Method::None;
    Failure failure = Failure::None;
    QHostAddress externalAddress; // the router's address on the internet side, when it told us
    quint16 externalPort = 0;
    QHostAddress internalAddress; // this computer's address the router forwards to
    quint16 internalPort = 0;
    int leaseSeconds = 0; // granted; 0: permanent until removed
    int renewals = 0;
    QString error; // the router's own words, for logs and the reason shown to the user

    bool isMapped() const { return state == State::Mapped; }
    // "UPnP-IGD", "NAT-PMP": protocol names, the same in every language.
    static const char *methodName(Method method)
    {
        switch (method) {
        case Method::Upnp:
            return "UPnP-IGD";
        case Method::Pcp:
            return "PCP";
        case Method::NatPmp:
            return "NAT-PMP";
        case Method::None:
            break;
        }
        return "none";
    }
};

} // namespace watchium::server

Q_DECLARE_METATYPE(watchium::server::PortMapping)
