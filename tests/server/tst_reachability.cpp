#include "nat/Reachability.h"

#include <QTest>

using namespace watchium::server;

Q_DECLARE_METATYPE(Reachability::Kind)
Q_DECLARE_METATYPE(Reachability::Reason)
Q_DECLARE_METATYPE(Reachability::Scope)

namespace {

// "~2a01::1" is a temporary (privacy) address.
QList<Reachability::Input::Address> addressesFrom(const QStringList &texts)
{
    QList<Reachability::Input::Address> addresses;
    for (QString text : texts) {
        const bool temporary = text.startsWith(QLatin1Char('~'));
        if (temporary)
            text.remove(0, 1);
        addresses.append({QHostAddress(text), temporary});
    }
    return addresses;
}

// "off", "pending", "failed norouter|refused|nopublic", "mapped EXT PORT INTERNAL".
PortMapping mappingFrom(const QString &text)
{
    const QStringList words = text.split(QLatin1Char(' '));
    PortMapping mapping;
    const QString state = words.value(0);
    if (state == QLatin1String("pending")) {
        mapping.state = PortMapping::State::Pending;
    } else if (state == QLatin1String("failed")) {
        mapping.state = PortMapping::State::Failed;
        const QString why = words.value(1);
        mapping.failure = why == QLatin1String("refused") ? PortMapping::Failure::Refused
            : why == QLatin1String("nopublic")            ? PortMapping::Failure::NoPublicAddress
                                                          : PortMapping::Failure::NoRouter;
        mapping.error = QStringLiteral("router said ") + why;
    } else if (state == QLatin1String("mapped")) {
        mapping.state = PortMapping::State::Mapped;
        mapping.method = PortMapping::Method::Upnp;
        mapping.externalAddress = QHostAddress(words.value(1));
        mapping.externalPort = quint16(words.value(2).toUInt());
        mapping.internalAddress = QHostAddress(words.value(3));
        mapping.internalPort = 8787;
    }
    return mapping;
}

} // namespace

// Which address goes in an invite to a room hosted here, and what the room view tells the host.
class TestReachability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void scope_data();
    void scope();
    void candidatesBestFirst();
};

void TestReachability::decide_data()
{
    using K = Reachability::Kind;
    using R = Reachability::Reason;
    QTest::addColumn<QStringList>("addresses");
    QTest::addColumn<QString>("mapping");
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<K>("kind");
    QTest::addColumn<R>("reason");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("lanHost");

    const QString lan = QStringLiteral("192.168.1.20");
    const QStringList home {QStringLiteral("127.0.0.1"), QStringLiteral("::1"), lan};
    QTest::newRow("public_ipv4_on_interface")
        << QStringList {"127.0.0.1", "81.2.69.160"} << "failed norouter"
        << "" << K::Internet << R::PublicAddress << "81.2.69.160" << 8787 << "";
    QTest::newRow("mapping_succeeded")
        << home << "mapped 81.2.69.160 8787 192.168.1.20"
        << "" << K::Internet << R::PortMapped << "81.2.69.160" << 8787 << lan;
    QTest::newRow("router_gave_another_port")
        << home << "mapped 81.2.69.160 40123 192.168.1.20"
        << "" << K::Internet << R::PortMapped << "81.2.69.160" << 40123 << lan;
    QTest::newRow("mapping_failed_lan_address")
        << home << "failed norouter"
        << "" << K::LocalNetwork << R::NoRouter << lan << 8787 << lan;
    QTest::newRow("router_refused")
        << home << "failed refused"
        << "" << K::LocalNetwork << R::RouterRefused << lan << 8787 << lan;
    QTest::newRow("cgnat_external_from_router")
        << home << "mapped 100.72.1.5 8787 192.168.1.20"
        << "" << K::LocalNetwork << R::RouterBehindNat << lan << 8787 << lan;
    QTest::newRow("double_nat_private_external")
        << home << "mapped 192.168.0.10 8787 192.168.1.20"
        << "" << K::LocalNetwork << R::RouterBehindNat << lan << 8787 << lan;
    QTest::newRow("router_without_public_address")
        << home << "failed nopublic"
        << "" << K::LocalNetwork << R::RouterBehindNat << lan << 8787 << lan;
    QTest::newRow("mapping_pending")
        << QStringList {"10.0.0.5"} << "pending"
        << "" << K::LocalNetwork << R::MappingPending << "10.0.0.5" << 8787 << "10.0.0.5";
    QTest::newRow("mapping_off") << home << "off"
                                 << "" << K::LocalNetwork << R::MappingOff << lan << 8787 << lan;
    QTest::newRow("no_network_loopback_only")
        << QStringList {"127.0.0.1", "::1"} << "failed norouter"
        << "" << K::ThisComputer << R::NoNetwork << "" << 8787 << "";
    QTest::newRow("no_addresses_at_all")
        << QStringList {} << "pending"
        << "" << K::ThisComputer << R::NoNetwork << "" << 8787 << "";
    QTest::newRow("documentation_range_is_local_only")
        << QStringList {"192.0.2.10", "fd00::2"} << "failed norouter"
        << "" << K::LocalNetwork << R::NoRouter << "192.0.2.10" << 8787 << "192.0.2.10";
    QTest::newRow("multicast_is_no_network")
        << QStringList {"239.1.2.3"} << "failed norouter"
        << "" << K::ThisComputer << R::NoNetwork << "" << 8787 << "";
    QTest::newRow("ipv6_link_local_only")
        << QStringList {"fe80::1"} << "failed norouter"
        << "" << K::ThisComputer << R::NoNetwork << "" << 8787 << "";
    QTest::newRow("user_override_dns_name") << home << "failed norouter"
                                            << "watch.example.org" << K::Internet << R::UserChoice
                                            << "watch.example.org" << 8787 << lan;
    QTest::newRow("user_override_localhost")
        << home << "mapped 81.2.69.160 8787 192.168.1.20"
        << "localhost" << K::ThisComputer << R::UserChoice << "localhost" << 8787 << lan;
    QTest::newRow("user_override_lan_address")
        << QStringList {"192.168.1.20", "10.8.0.2"} << "off"
        << "10.8.0.2" << K::LocalNetwork << R::UserChoice << "10.8.0.2" << 8787 << lan;
    QTest::newRow("user_override_mapped_address_keeps_its_port")
        << home << "mapped 81.2.69.160 40123 192.168.1.20"
        << " 81.2.69.160 " << K::Internet << R::UserChoice << "81.2.69.160" << 40123 << lan;
    QTest::newRow("user_override_single_label_name")
        << home << "off"
        << "nas" << K::LocalNetwork << R::UserChoice << "nas" << 8787 << lan;
    QTest::newRow("ipv6_global_address")
        << QStringList {"192.168.1.20", "2a01:4f8:1:2::5"} << "failed norouter"
        << "" << K::Internet << R::GlobalIpv6 << "2a01:4f8:1:2::5" << 8787 << lan;
    QTest::newRow("ipv6_temporary_address_avoided")
        << QStringList {"~2a01:4f8:1:2::abcd", "2a01:4f8:1:2::5"} << "failed norouter"
        << "" << K::Internet << R::GlobalIpv6 << "2a01:4f8:1:2::5" << 8787 << "";
    QTest::newRow("ipv6_only_temporary_used")
        << QStringList {"~2a01:4f8:1:2::abcd"} << "failed norouter"
        << "" << K::Internet << R::GlobalIpv6 << "2a01:4f8:1:2::abcd" << 8787 << "";
    QTest::newRow("mapped_ipv4_before_ipv6")
        << QStringList {"192.168.1.20", "2a01:4f8:1:2::5"} << "mapped 81.2.69.160 8787 192.168.1.20"
        << "" << K::Internet << R::PortMapped << "81.2.69.160" << 8787 << lan;
    QTest::newRow("ipv6_unique_local_only")
        << QStringList {"fd12:3456::1"} << "off"
        << "" << K::LocalNetwork << R::MappingOff << "fd12:3456::1" << 8787 << "fd12:3456::1";
    QTest::newRow("lan_address_the_router_talked_to")
        << QStringList {"172.17.0.1", "192.168.1.20"} << "mapped 100.72.1.5 8787 192.168.1.20"
        << "" << K::LocalNetwork << R::RouterBehindNat << lan << 8787 << lan;
    QTest::newRow("private_lan_before_vpn_shared_range")
        << QStringList {"100.101.102.103", "192.168.1.20"} << "failed norouter"
        << "" << K::LocalNetwork << R::NoRouter << lan << 8787 << lan;
    QTest::newRow("vpn_shared_range_only")
        << QStringList {"100.101.102.103"} << "failed norouter"
        << "" << K::LocalNetwork << R::NoRouter << "100.101.102.103" << 8787 << "100.101.102.103";
}

void TestReachability::decide()
{
    QFETCH(QStringList, addresses);
    QFETCH(QString, mapping);
    QFETCH(QString, chosen);
    Reachability::Input input;
    input.addresses = addressesFrom(addresses);
    input.port = 8787;
    input.mapping = mappingFrom(mapping);
    input.chosenHost = chosen;
    const Reachability r = Reachability::decide(input);
    QTEST(r.kind, "kind");
    QTEST(r.reason, "reason");
    QTEST(r.host, "host");
    QTEST(int(r.port), "port");
    QTEST(r.lanHost, "lanHost");
    QCOMPARE(r.error, input.mapping.error);
}

void TestReachability::scope_data()
{
    using S = Reachability::Scope;
    QTest::addColumn<QString>("address");
    QTest::addColumn<S>("scope");
    QTest::newRow("public_v4") << "81.2.69.160" << S::Global;
    QTest::newRow("rfc1918_10") << "10.1.2.3" << S::Private;
    QTest::newRow("rfc1918_172") << "172.31.255.1" << S::Private;
    QTest::newRow("just_outside_172_16_12") << "172.32.0.1" << S::Global;
    QTest::newRow("rfc1918_192") << "192.168.0.1" << S::Private;
    QTest::newRow("cgnat_low") << "100.64.0.1" << S::Shared;
    QTest::newRow("cgnat_high") << "100.127.255.254" << S::Shared;
    QTest::newRow("just_outside_cgnat") << "100.128.0.1" << S::Global;
    QTest::newRow("link_local_v4") << "169.254.10.1" << S::LinkLocal;
    QTest::newRow("loopback_v4") << "127.0.0.1" << S::Loopback;
    QTest::newRow("test_net_1") << "192.0.2.1" << S::Private;
    QTest::newRow("test_net_3") << "203.0.113.9" << S::Private;
    QTest::newRow("benchmarking") << "198.19.0.1" << S::Private;
    QTest::newRow("multicast") << "239.255.255.250" << S::Unusable;
    QTest::newRow("broadcast") << "255.255.255.255" << S::Unusable;
    QTest::newRow("unspecified") << "0.0.0.0" << S::Unusable;
    QTest::newRow("not_an_address") << "router" << S::Unusable;
    QTest::newRow("global_v6") << "2a01:4f8:1:2::5" << S::Global;
    QTest::newRow("documentation_v6") << "2001:db8::1" << S::Unusable;
    QTest::newRow("ula_v6") << "fd00::1" << S::Private;
    QTest::newRow("link_local_v6") << "fe80::1" << S::LinkLocal;
    QTest::newRow("loopback_v6") << "::1" << S::Loopback;
    QTest::newRow("multicast_v6") << "ff02::1" << S::Unusable;
    QTest::newRow("v4_mapped_private") << "::ffff:192.168.1.20" << S::Private;
}

void TestReachability::scope()
{
    QFETCH(QString, address);
    QTEST(Reachability::scopeOf(QHostAddress(address)), "scope");
}

void TestReachability::candidatesBestFirst()
{
    Reachability::Input input;
    input.addresses = addressesFrom({"127.0.0.1", "fe80::1", "192.168.1.20", "2a01:4f8:1:2::5",
                                     "100.101.102.103", "192.168.1.20"});
    input.mapping = mappingFrom(QStringLiteral("mapped 81.2.69.160 8787 192.168.1.20"));
    QCOMPARE(Reachability::candidates(input),
             (QStringList {"81.2.69.160", "2a01:4f8:1:2::5", "192.168.1.20", "100.101.102.103",
                           "127.0.0.1"}));
}

QTEST_APPLESS_MAIN(TestReachability)
#include "tst_reachability.moc"
