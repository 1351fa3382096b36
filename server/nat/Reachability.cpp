#include "Reachability.h"

#include <optional>

namespace watchium::server {

namespace {

using Scope = Reachability::Scope;
using Address = Reachability::Input::Address;

bool in(const QHostAddress &address, const char *network, int bits)
{
    return address.isInSubnet(QHostAddress(QString::fromLatin1(network)), bits);
}

Scope scopeOfIpv4(const QHostAddress &a)
{
    if (in(a, "127.0.0.0", 8))
        return Scope::Loopback;
    if (in(a, "10.0.0.0", 8) || in(a, "172.16.0.0", 12) || in(a, "192.168.0.0", 16))
        return Scope::Private;
    // Never routed on the internet, but labs and sandboxes number their networks with them
    // (IETF protocol assignments, documentation, benchmarking): local at best.
    for (const auto &[network, bits] :
         {std::pair {"192.0.0.0", 24}, std::pair {"192.0.2.0", 24}, std::pair {"198.18.0.0", 15},
          std::pair {"198.51.100.0", 24}, std::pair {"203.0.113.0", 24}}) {
        if (in(a, network, bits))
            return Scope::Private;
    }
    // RFC 6598: carrier-grade NAT between a router and its provider, and VPNs (Tailscale).
    if (in(a, "100.64.0.0", 10))
        return Scope::Shared;
    if (in(a, "169.254.0.0", 16))
        return Scope::LinkLocal;
    // "This network", multicast, reserved and broadcast: nobody reaches a server there.
    if (in(a, "0.0.0.0", 8) || in(a, "224.0.0.0", 3))
        return Scope::Unusable;
    return Scope::Global;
}

Scope scopeOfIpv6(const QHostAddress &a)
{
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    if (mapped)
        return scopeOfIpv4(QHostAddress(v4));
    if (a.isLoopback())
        return Scope::Loopback;
    if (in(a, "fe80::", 10))
        return Scope::LinkLocal;
    if (in(a, "fc00::", 7))
        return Scope::Private;
    if (in(a, "2001:db8::", 32))
        return Scope::Unusable;
    return in(a, "2000::", 3) ? Scope::Global : Scope::Unusable;
}

bool isIpv4(const QHostAddress &a)
{
    return a.protocol() == QAbstractSocket::IPv4Protocol;
}

// The first address of `scope` and family, a stable one before a temporary one.
std::optional<QHostAddress> firstOf(const QList<Address> &addresses, Scope scope, bool ipv4)
{
    std::optional<QHostAddress> temporary;
    for (const Address &a : addresses) {
        if (isIpv4(a.address) != ipv4 || Reachability::scopeOf(a.address) != scope)
            continue;
        if (!a.temporary)
            return a.address;
        if (!temporary)
            temporary = a.address;
    }
    return temporary;
}

// This computer's address on its local network: the one the router talked to if it did, else
// the first private one (IPv4 first: it is what people type and what routers forward).
std::optional<QHostAddress> lanAddress(const Reachability::Input &input)
{
    const QHostAddress &routed = input.mapping.internalAddress;
    const Scope routedScope = Reachability::scopeOf(routed);
    if (routedScope == Scope::Private || routedScope == Scope::Shared)
        return routed;
    for (const auto &[scope, ipv4] :
         {std::pair {Scope::Private, true}, std::pair {Scope::Shared, true},
          std::pair {Scope::LinkLocal, true}, std::pair {Scope::Private, false}}) {
        if (const auto found = firstOf(input.addresses, scope, ipv4))
            return found;
    }
    return std::nullopt;
}

Reachability::Reason reasonOf(const PortMapping &mapping)
{
    using Reason = Reachability::Reason;
    switch (mapping.state) {
    case PortMapping::State::Off:
        return Reason::MappingOff;
    case PortMapping::State::Pending:
        return Reason::MappingPending;
    case PortMapping::State::Mapped:
        // Mapped, but from an address that is not public: another NAT is in front.
        return Reason::RouterBehindNat;
    case PortMapping::State::Failed:
        break;
    }
    switch (mapping.failure) {
    case PortMapping::Failure::NoPublicAddress:
        return Reason::RouterBehindNat;
    case PortMapping::Failure::Refused:
        return Reason::RouterRefused;
    case PortMapping::Failure::NoRouter:
    case PortMapping::Failure::None:
        break;
    }
    return Reason::NoRouter;
}

Reachability::Kind kindOfChoice(const QString &host)
{
    using Kind = Reachability::Kind;
    const QHostAddress address(host);
    if (address.isNull()) {
        // A name: "localhost" and single-label or .local names stay on this network; any other
        // name is the user's to vouch for (a dynamic DNS name, say).
        if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
            return Kind::ThisComputer;
        if (!host.contains(QLatin1Char('.')) || host.endsWith(QLatin1String(".local")))
            return Kind::LocalNetwork;
        return Kind::Internet;
    }
    switch (Reachability::scopeOf(address)) {
    case Scope::Global:
        return Kind::Internet;
    case Scope::Loopback:
        return Kind::ThisComputer;
    default:
        return Kind::LocalNetwork;
    }
}

} // namespace

Reachability::Scope Reachability::scopeOf(const QHostAddress &address)
{
    if (address.isNull())
        return Scope::Unusable;
    return isIpv4(address) ? scopeOfIpv4(address) : scopeOfIpv6(address);
}

Reachability Reachability::decide(const Input &input)
{
    Reachability r;
    r.port = input.port;
    r.error = input.mapping.error;
    const PortMapping &mapping = input.mapping;
    if (const auto lan = lanAddress(input))
        r.lanHost = lan->toString();

    const QString chosen = input.chosenHost.trimmed();
    if (!chosen.isEmpty()) {
        r.reason = Reason::UserChoice;
        r.kind = kindOfChoice(chosen);
        r.host = chosen;
        if (mapping.isMapped() && QHostAddress(chosen) == mapping.externalAddress)
            r.port = mapping.externalPort;
        return r;
    }
    r.kind = Kind::Internet;
    if (const auto publicV4 = firstOf(input.addresses, Scope::Global, true)) {
        r.reason = Reason::PublicAddress;
        r.host = publicV4->toString();
        return r;
    }
    if (mapping.isMapped() && isIpv4(mapping.externalAddress)
        && scopeOf(mapping.externalAddress) == Scope::Global) {
        r.reason = Reason::PortMapped;
        r.host = mapping.externalAddress.toString();
        r.port = mapping.externalPort;
        return r;
    }
    if (const auto globalV6 = firstOf(input.addresses, Scope::Global, false)) {
        r.reason = Reason::GlobalIpv6;
        r.host = globalV6->toString();
        return r;
    }
    r.reason = reasonOf(mapping);
    if (!r.lanHost.isEmpty()) {
        r.kind = Kind::LocalNetwork;
        r.host = r.lanHost;
        return r;
    }
    r.kind = Kind::ThisComputer;
    r.reason = Reason::NoNetwork;
    return r;
}

QStringList Reachability::candidates(const Input &input)
{
    QStringList hosts;
    const auto add = [&hosts](const QHostAddress &address) {
        const QString text = address.toString();
        if (!address.isNull() && !hosts.contains(text))
            hosts.append(text);
    };
    if (input.mapping.isMapped())
        add(input.mapping.externalAddress);
    for (const Scope scope : {Scope::Global, Scope::Private, Scope::Shared, Scope::LinkLocal}) {
        for (const bool ipv4 : {true, false}) {
            for (const Address &a : input.addresses) {
                if (isIpv4(a.address) == ipv4 && scopeOf(a.address) == scope
                    && !(scope == Scope::LinkLocal && !ipv4))
                    add(a.address);
            }
        }
    }
    add(QHostAddress(QHostAddress::LocalHost));
    return hosts;
}

} // namespace watchium::server
