#include "client/RoomClient.h"
#include "EmbeddedServer.h"
#include "client/InviteLink.h"
#include "MainWindow.h"
#include "nat/PortMapper.h"
#include "nat/Reachability.h"
#include "nat/UpnpClient.h"
#include "ReachabilityPanel.h"
#include "RoomView.h"
#include "StartPage.h"
#include "TestServer.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

#include <QElapsedTimer>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace watchium;
using namespace watchium::server;

Q_DECLARE_METATYPE(watchium::server::PortMapping::Method)

namespace {

constexpr int kMapTimeoutMs = 15000;
constexpr int kUpnpNoSuchEntry = 714;

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

// A command's standard output; bounded. The event loop runs meanwhile: the server under test
// lives on this thread and must answer the friend's request.
QString run(const QStringList &command, int *exitCode = nullptr)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(command.first(), command.mid(1));
    const bool done = process.waitForStarted(5000) && finished.wait(15000);
    if (exitCode)
        *exitCode = done && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromUtf8(process.readAllStandardOutput());
}

// The router's DNAT rules, as nftables holds them.
QString routerRules()
{
    return run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"),
                env("WATCHIUM_IGD_ROUTER_NS"), QStringLiteral("nft"), QStringLiteral("list"),
                QStringLiteral("chain"), QStringLiteral("inet"), QStringLiteral("miniupnpd"),
                QStringLiteral("prerouting_miniupnpd")});
}

// A friend on the internet side of the router opens host:port and sends an HTTP request: the
// first bytes of the answer, empty when nothing answered.
QString friendFetches(const QString &host, quint16 port)
{
    const QString script = QStringLiteral("exec 3<>/dev/tcp/\"$0\"/\"$1\" && printf 'GET / "
                                          "HTTP/1.0\\r\\n\\r\\n' >&3 && head -c 8 <&3");
    return run({QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"),
                env("WATCHIUM_IGD_FRIEND_NS"), QStringLiteral("timeout"), QStringLiteral("10"),
                QStringLiteral("bash"), QStringLiteral("-c"), script, host, QString::number(port)});
}

Reachability::Input reachabilityInput(const PortMapping &mapping, quint16 port)
{
    Reachability::Input input;
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        input.addresses.append({address, false});
    input.port = port;
    input.mapping = mapping;
    return input;
}

} // namespace

// The port mapper against a real router: miniupnpd in a network namespace, set up by
// igd_namespace.sh, which runs this test in the namespace of a computer on the router's LAN.
class TestPortMapperIgd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void upnpMapsThePortAndAFriendGetsIn();
    void upnpRenewsTheLease();
    void upnpRemovesTheMappingOnStop();
    void destructionRemovesTheMapping();
    void gatewayProtocolMapsRenewsAndRemoves_data();
    void gatewayProtocolMapsRenewsAndRemoves();
    void serverProcessMapsAndRemovesOnSigterm();
    void desktopInviteNamesThePublicAddress();
    void routerWithoutPublicAddressIsNotInternet();
    void silentRouterLeavesTheLanAddress();
    void cleanupTestCase();

private:
    // Starts a mapper for `port` and waits (bounded) for the router to refuse it.
    PortMapping mapUntilFailed(quint16 port, qint64 *elapsedMs);
    bool isScenario(const char *scenario) const;
    // The lease the router has left on our external port; -1 without an entry.
    int leaseOnRouter(quint16 externalPort);

    QString m_wan;
    QString m_lan;
    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<PortMapper> m_mapper;
    // A second UPnP client on the LAN, to ask the router what it really holds.
    UpnpClient m_probe;
};

bool TestPortMapperIgd::isScenario(const char *scenario) const
{
    return env("WATCHIUM_IGD_SCENARIO") == QLatin1String(scenario);
}

void TestPortMapperIgd::initTestCase()
{
    const QString skip = env("WATCHIUM_IGD_SKIP");
    if (!skip.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no router in a namespace: ") + skip));
    if (env("WATCHIUM_IGD_SCENARIO").isEmpty())
        QSKIP("run through tests/nat/igd_namespace.sh, which sets up the router");
    m_wan = env("WATCHIUM_IGD_WAN");
    m_lan = env("WATCHIUM_IGD_LAN");
    // The server a friend should reach: on every interface, any free port.
    server::ServerConfig config = test::TestServer::defaults();
    config.host = QHostAddress::Any;
    m_server = std::make_unique<test::TestServer>(config);
    QVERIFY(m_server->start());
    if (!isScenario("silent"))
        QVERIFY(m_probe.discover(3000));
}

int TestPortMapperIgd::leaseOnRouter(quint16 externalPort)
{
    const auto entry = m_probe.entry(externalPort);
    return entry ? entry->leaseSeconds : -1;
}

void TestPortMapperIgd::upnpMapsThePortAndAFriendGetsIn()
{
    if (!isScenario("public"))
        QSKIP("for a router with a public address");
    const quint16 port = m_server->server()->port();
    // Before: the friend cannot get in.
    QVERIFY(!friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));

    PortMapper::Options options;
    options.port = port;
    options.leaseSeconds = 60;
    options.renewIntervalMs = 6000; // upnpRenewsTheLease waits for it
    m_mapper = std::make_unique<PortMapper>(options);
    QSignalSpy changes(m_mapper.get(), &PortMapper::mappingChanged);
    QElapsedTimer clock;
    clock.start();
    m_mapper->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_mapper->mapping().state != PortMapping::State::Pending
                                 && !changes.isEmpty(),
                             kMapTimeoutMs);
    const qint64 elapsed = clock.elapsed();
    const PortMapping mapping = m_mapper->mapping();
    QVERIFY2(mapping.isMapped(), qPrintable(mapping.error));
    QCOMPARE(changes.first().first().value<PortMapping>().state, PortMapping::State::Pending);
    QCOMPARE(mapping.method, PortMapping::Method::Upnp);
    QCOMPARE(mapping.externalAddress, QHostAddress(m_wan));
    QCOMPARE(mapping.externalPort, port);
    QCOMPARE(mapping.internalAddress, QHostAddress(m_lan));
    QCOMPARE(mapping.leaseSeconds, 60);

    // The router really holds it: in its UPnP table, and as a DNAT rule in nftables.
    const auto entry = m_probe.entry(port);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->internalAddress, QHostAddress(m_lan));
    QCOMPARE(entry->internalPort, port);
    QCOMPARE(entry->description, QStringLiteral("Watchium"));
    const QString rules = routerRules();
    QVERIFY2(rules.contains(QStringLiteral("dport %1 dnat ip to %2:%1").arg(port).arg(m_lan)),
             qPrintable(rules));
    // And a friend on the internet side reaches the server through it.
    const QString answer = friendFetches(m_wan, port);
    QVERIFY2(answer.startsWith(QLatin1String("HTTP/1.")), qPrintable(answer));

    const Reachability r = Reachability::decide(reachabilityInput(mapping, port));
    QCOMPARE(r.kind, Reachability::Kind::Internet);
    QCOMPARE(r.reason, Reachability::Reason::PortMapped);
    QCOMPARE(r.host, m_wan);
    QCOMPARE(r.lanHost, m_lan);
    qInfo("IGD: mapped TCP %u -> %s:%u via UPnP-IGD in %lld ms, lease %d s", port,
          qPrintable(m_wan), mapping.externalPort, elapsed, mapping.leaseSeconds);
}

void TestPortMapperIgd::upnpRenewsTheLease()
{
    if (!m_mapper || !m_mapper->mapping().isMapped())
        QSKIP("needs the mapping of upnpMapsThePortAndAFriendGetsIn");
    const quint16 port = m_mapper->mapping().externalPort;
    // Let the router's countdown run a few seconds, then see a renewal put it back up.
    QTRY_VERIFY_WITH_TIMEOUT(leaseOnRouter(port) > 0 && leaseOnRouter(port) <= 56, 10000);
    const int before = leaseOnRouter(port);
    const int renewals = m_mapper->mapping().renewals;
    QTRY_VERIFY_WITH_TIMEOUT(m_mapper->mapping().renewals > renewals, 10000);
    const int after = leaseOnRouter(port);
    QVERIFY2(after > before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    QVERIFY(m_mapper->mapping().isMapped());
    qInfo("IGD: lease renewed (router's countdown %d s -> %d s of 60)", before, after);
}

void TestPortMapperIgd::upnpRemovesTheMappingOnStop()
{
    if (!m_mapper || !m_mapper->mapping().isMapped())
        QSKIP("needs the mapping of upnpMapsThePortAndAFriendGetsIn");
    const quint16 port = m_mapper->mapping().externalPort;
    QElapsedTimer clock;
    clock.start();
    m_mapper->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_mapper->mapping().state, PortMapping::State::Off, kMapTimeoutMs);
    const qint64 elapsed = clock.elapsed();
    int code = 0;
    QVERIFY(!m_probe.entry(port, &code).has_value());
    QCOMPARE(code, kUpnpNoSuchEntry);
    QVERIFY(!routerRules().contains(QStringLiteral("dport %1 ").arg(port)));
    QVERIFY(!friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));
    m_mapper.reset();
    qInfo("IGD: removed on stop in %lld ms", elapsed);
}

void TestPortMapperIgd::destructionRemovesTheMapping()
{
    if (!isScenario("public"))
        QSKIP("for a router with a public address");
    const quint16 port = m_server->server()->port();
    PortMapper::Options options;
    options.port = port;
    auto mapper = std::make_unique<PortMapper>(options);
    mapper->start();
    QTRY_VERIFY_WITH_TIMEOUT(mapper->mapping().isMapped(), kMapTimeoutMs);
    QVERIFY(m_probe.entry(port).has_value());
    // As on quit: the owner goes, and the mapping with it, before the destructor returns.
    mapper.reset();
    QVERIFY(!m_probe.entry(port).has_value());
}

void TestPortMapperIgd::gatewayProtocolMapsRenewsAndRemoves_data()
{
    QTest::addColumn<bool>("pcp");
    QTest::addColumn<PortMapping::Method>("method");
    // UPnP off, so the gateway hears PCP first; with PCP off too, NAT-PMP.
    QTest::newRow("pcp") << true << PortMapping::Method::Pcp;
    QTest::newRow("natpmp") << false << PortMapping::Method::NatPmp;
}

void TestPortMapperIgd::gatewayProtocolMapsRenewsAndRemoves()
{
    if (!isScenario("public"))
        QSKIP("for a router with a public address");
    QFETCH(bool, pcp);
    QFETCH(PortMapping::Method, method);
    const quint16 port = m_server->server()->port();
    PortMapper::Options options;
    options.port = port;
    options.upnp = false;
    options.pcp = pcp;
    options.renewIntervalMs = 1000;
    PortMapper mapper(options);
    QElapsedTimer clock;
    clock.start();
    mapper.start();
    QTRY_VERIFY_WITH_TIMEOUT(mapper.mapping().state == PortMapping::State::Mapped
                                 || mapper.mapping().state == PortMapping::State::Failed,
                             kMapTimeoutMs);
    const qint64 elapsed = clock.elapsed();
    const PortMapping mapping = mapper.mapping();
    QVERIFY2(mapping.isMapped(), qPrintable(mapping.error));
    QCOMPARE(mapping.method, method);
    QCOMPARE(mapping.externalAddress, QHostAddress(m_wan));
    QCOMPARE(mapping.externalPort, port);
    QCOMPARE(mapping.internalAddress, QHostAddress(m_lan));
    QVERIFY(mapping.leaseSeconds > 0);
    const QString rule = QStringLiteral("dport %1 dnat ip to %2:%1").arg(port).arg(m_lan);
    QVERIFY2(routerRules().contains(rule), qPrintable(routerRules()));
    QVERIFY(friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));
    // Renewed as the same mapping: the router still holds one rule, ours.
    QTRY_VERIFY_WITH_TIMEOUT(mapper.mapping().renewals >= 1, 10000);
    QCOMPARE(mapper.mapping().method, method);
    QCOMPARE(routerRules().count(QStringLiteral("dport %1 ").arg(port)), 1);
    mapper.stop();
    QTRY_COMPARE_WITH_TIMEOUT(mapper.mapping().state, PortMapping::State::Off, kMapTimeoutMs);
    QVERIFY(!routerRules().contains(QStringLiteral("dport %1 ").arg(port)));
    QVERIFY(!friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));
    qInfo("IGD: mapped TCP %u -> %s:%u via %s in %lld ms, lease %d s, renewed, removed on stop",
          port, qPrintable(m_wan), mapping.externalPort, PortMapping::methodName(method), elapsed,
          mapping.leaseSeconds);
}

void TestPortMapperIgd::serverProcessMapsAndRemovesOnSigterm()
{
    if (!isScenario("public"))
        QSKIP("for a router with a public address");
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(WATCHIUM_BINARY),
                  {QStringLiteral("--server"), QStringLiteral("--host"), QStringLiteral("0.0.0.0"),
                   QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--map-port"),
                   QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(process.waitForStarted(10000));
    // "listening on http://0.0.0.0:PORT", then "port mapping: http://WAN:PORT ...".
    QString output;
    const QRegularExpression mapped(QStringLiteral("port mapping: http://([\\d.]+):(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(process.readAllStandardOutput()),
                              output.contains(QLatin1String("port mapping"))),
                             kMapTimeoutMs);
    const auto match = mapped.match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QCOMPARE(match.captured(1), m_wan);
    const quint16 port = quint16(match.captured(2).toUInt());
    QVERIFY(m_probe.entry(port).has_value());
    QVERIFY(friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));

    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(15000));
    const qint64 exitMs = clock.elapsed();
    QCOMPARE(process.exitCode(), 0);
    int code = 0;
    QVERIFY(!m_probe.entry(port, &code).has_value());
    QCOMPARE(code, kUpnpNoSuchEntry);
    QVERIFY(!routerRules().contains(QStringLiteral("dport %1 ").arg(port)));
    qInfo("IGD: watchium --server --map-port mapped TCP %u -> %s:%u; SIGTERM: exit and removal "
          "in %lld ms",
          port, qPrintable(m_wan), port, exitMs);
}

void TestPortMapperIgd::desktopInviteNamesThePublicAddress()
{
    if (!isScenario("public"))
        QSKIP("for a router with a public address");
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QTemporaryDir dir;
    app::MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = dir.path();
    options.mapPort = true;
    // Not shown: offscreen has no OpenGL for the video widget (as tst_hosting).
    auto window = std::make_unique<app::MainWindow>(options);
    app::StartPage *page = window->startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(QStringLiteral("Friday night"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    QVERIFY(page->hostLocallyBox()->isChecked());
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->roomView() != nullptr, kMapTimeoutMs);
    const quint16 port = quint16(window->embeddedServer()->url().port());
    // First the LAN address while the router is asked, then the router's public address.
    QTRY_VERIFY_WITH_TIMEOUT(window->embeddedServer()->portMapping().isMapped(), kMapTimeoutMs);
    const auto invite = InviteLink::parse(window->roomView()->inviteEdit()->text());
    QVERIFY2(invite.has_value(), qPrintable(window->roomView()->inviteEdit()->text()));
    QCOMPARE(invite->host, m_wan);
    QCOMPARE(invite->port, port);
    app::ReachabilityPanel *panel = window->roomView()->reachabilityPanel();
    QVERIFY(!panel->isHidden());
    QCOMPARE(panel->reachability().kind, Reachability::Kind::Internet);
    QVERIFY2(panel->details().contains(m_wan), qPrintable(panel->details()));
    // A friend on the internet side opens the invite's server.
    QVERIFY(friendFetches(invite->host, invite->port).startsWith(QLatin1String("HTTP/1.")));
    QVERIFY(m_probe.entry(port).has_value());
    // Quitting the app: the window goes, and the mapping with its server.
    window.reset();
    QVERIFY(!m_probe.entry(port).has_value());
    QVERIFY(!routerRules().contains(QStringLiteral("dport %1 ").arg(port)));
    QSettings().clear();
}

PortMapping TestPortMapperIgd::mapUntilFailed(quint16 port, qint64 *elapsedMs)
{
    PortMapper::Options options;
    options.port = port;
    PortMapper mapper(options);
    QElapsedTimer clock;
    clock.start();
    mapper.start();
    // The caller checks the outcome: a timeout leaves the mapping in its last state.
    (void)QTest::qWaitFor([&] { return mapper.mapping().state == PortMapping::State::Failed; },
                          kMapTimeoutMs);
    *elapsedMs = clock.elapsed();
    return mapper.mapping();
}

void TestPortMapperIgd::routerWithoutPublicAddressIsNotInternet()
{
    if (!isScenario("cgnat"))
        QSKIP("for a router behind carrier-grade NAT");
    const quint16 port = m_server->server()->port();
    qint64 elapsedMs = 0;
    const PortMapping mapping = mapUntilFailed(port, &elapsedMs);
    QCOMPARE(mapping.state, PortMapping::State::Failed);
    QCOMPARE(mapping.failure, PortMapping::Failure::NoPublicAddress);
    QVERIFY(!m_probe.entry(port).has_value());
    QVERIFY(!routerRules().contains(QStringLiteral("dport %1 ").arg(port)));

    const Reachability r = Reachability::decide(reachabilityInput(mapping, port));
    QCOMPARE(r.kind, Reachability::Kind::LocalNetwork);
    QCOMPARE(r.reason, Reachability::Reason::RouterBehindNat);
    QCOMPARE(r.host, m_lan);
    qInfo("IGD: router with WAN %s (CGNAT) refused in %lld ms: %s", qPrintable(m_wan), elapsedMs,
          qPrintable(mapping.error));
}

void TestPortMapperIgd::silentRouterLeavesTheLanAddress()
{
    if (!isScenario("silent"))
        QSKIP("for a router with UPnP and NAT-PMP off");
    const quint16 port = m_server->server()->port();
    qint64 elapsedMs = 0;
    const PortMapping mapping = mapUntilFailed(port, &elapsedMs);
    QCOMPARE(mapping.state, PortMapping::State::Failed);
    QCOMPARE(mapping.failure, PortMapping::Failure::NoRouter);
    QVERIFY(!friendFetches(m_wan, port).startsWith(QLatin1String("HTTP/1.")));

    const Reachability r = Reachability::decide(reachabilityInput(mapping, port));
    QCOMPARE(r.kind, Reachability::Kind::LocalNetwork);
    QCOMPARE(r.reason, Reachability::Reason::NoRouter);
    QCOMPARE(r.host, m_lan);
    qInfo("IGD: silent router: gave up in %lld ms: %s", elapsedMs, qPrintable(mapping.error));
}

void TestPortMapperIgd::cleanupTestCase()
{
    m_mapper.reset();
    m_server.reset();
}

QTEST_MAIN(TestPortMapperIgd)
#include "tst_portmapper_igd.moc"
