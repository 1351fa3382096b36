#include "ReachabilityPanel.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace watchium;
using watchium::app::ReachabilityPanel;
using Kind = server::Reachability::Kind;

Q_DECLARE_METATYPE(watchium::server::Reachability::Kind)

namespace {

server::Reachability::Input homeInput()
{
    server::Reachability::Input input;
    input.addresses = {{QHostAddress(QStringLiteral("192.168.1.20")), false}};
    input.port = 8787;
    input.mapping.state = server::PortMapping::State::Pending;
    return input;
}

server::PortMapping mapped(const char *external, quint16 port)
{
    server::PortMapping mapping;
    mapping.state = server::PortMapping::State::Mapped;
    mapping.method = server::PortMapping::Method::Upnp;
    mapping.externalAddress = QHostAddress(QString::fromLatin1(external));
    mapping.externalPort = port;
    mapping.internalAddress = QHostAddress(QStringLiteral("192.168.1.20"));
    mapping.internalPort = 8787;
    return mapping;
}

server::PortMapping pending()
{
    server::PortMapping mapping;
    mapping.state = server::PortMapping::State::Pending;
    return mapping;
}

server::PortMapping failed(server::PortMapping::Failure failure, const char *error)
{
    server::PortMapping mapping;
    mapping.state = server::PortMapping::State::Failed;
    mapping.failure = failure;
    mapping.error = QString::fromLatin1(error);
    return mapping;
}

} // namespace

// What the host of a room on this computer is told about who can join, as the router answers.
class TestReachabilityPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void followsTheRouter_data();
    void followsTheRouter();
    void inviteAddressFollowsTheMapping();
    void hostPicksTheAddressByHand();
    void pickIsKeptForTheNextRoom();
    void noNetworkGivesNoInvite();
};

void TestReachabilityPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestReachabilityPanel::init()
{
    QSettings().clear();
}

void TestReachabilityPanel::followsTheRouter_data()
{
    QTest::addColumn<server::PortMapping>("mapping");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QStringList>("details");
    using F = server::PortMapping::Failure;
    QTest::newRow("pending") << pending() << Kind::LocalNetwork << "Only people on your network"
                             << QStringList {"Asking your router to open port 8787"};
    QTest::newRow("mapped") << mapped("81.2.69.160", 8787) << Kind::Internet
                            << "Friends on the internet can join"
                            << QStringList {"forwards port 8787", "81.2.69.160", "UPnP"};
    QTest::newRow("no_router") << failed(F::NoRouter, "no UPnP device answered")
                               << Kind::LocalNetwork << "Only people on your network"
                               << QStringList {"did not answer UPnP, PCP or NAT-PMP",
                                               "forward TCP port 8787", "to 192.168.1.20",
                                               "community server"};
    QTest::newRow("refused") << failed(F::Refused, "ConflictInMappingEntry (718)")
                             << Kind::LocalNetwork << "Only people on your network"
                             << QStringList {"refused to open port 8787",
                                             "ConflictInMappingEntry (718)",
                                             "forward TCP port 8787"};
    QTest::newRow("cgnat") << mapped("100.72.1.5", 8787) << Kind::LocalNetwork
                           << "Only people on your network"
                           << QStringList {"carrier-grade NAT", "community server"};
    QTest::newRow("router_without_public_address")
        << failed(F::NoPublicAddress, "not connected") << Kind::LocalNetwork
        << "Only people on your network" << QStringList {"no public address of its own"};
}

void TestReachabilityPanel::followsTheRouter()
{
    QFETCH(server::PortMapping, mapping);
    QFETCH(QStringList, details);
    ReachabilityPanel panel;
    panel.setInput(homeInput());
    panel.setMapping(mapping);
    QTEST(panel.reachability().kind, "kind");
    QFETCH(QString, headline);
    QVERIFY2(panel.headline().startsWith(headline), qPrintable(panel.headline()));
    for (const QString &part : details)
        QVERIFY2(panel.details().contains(part), qPrintable(panel.details()));
    // For a reviewer to look at: build/screenshots/reachability_ROW.png.
    panel.resize(1000,
                 panel.heightForWidth(1000) > 0 ? panel.heightForWidth(1000)
                                                : panel.sizeHint().height());
    const QString dir = QStringLiteral(WATCHIUM_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(panel.grab().save(dir
                              + QStringLiteral("/reachability_%1.png")
                                    .arg(QString::fromLatin1(QTest::currentDataTag()))));
}

void TestReachabilityPanel::inviteAddressFollowsTheMapping()
{
    ReachabilityPanel panel;
    QSignalSpy address(&panel, &ReachabilityPanel::addressChanged);
    panel.setInput(homeInput());
    QCOMPARE(address.count(), 1);
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("192.168.1.20"));
    QCOMPARE(address.last().at(1).value<quint16>(), quint16(8787));
    // The router gave another external port: the invite carries it.
    panel.setMapping(mapped("81.2.69.160", 40123));
    QCOMPARE(address.count(), 2);
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("81.2.69.160"));
    QCOMPARE(address.last().at(1).value<quint16>(), quint16(40123));
    // A renewal changes nothing the invite says.
    server::PortMapping renewed = mapped("81.2.69.160", 40123);
    renewed.renewals = 1;
    panel.setMapping(renewed);
    QCOMPARE(address.count(), 2);
    QCOMPARE(panel.addressBox()->currentIndex(), 0); // automatic
    QCOMPARE(panel.addressBox()->itemText(1), QStringLiteral("81.2.69.160"));
}

void TestReachabilityPanel::hostPicksTheAddressByHand()
{
    ReachabilityPanel panel;
    panel.setInput(homeInput());
    panel.setMapping(mapped("81.2.69.160", 8787));
    QSignalSpy address(&panel, &ReachabilityPanel::addressChanged);
    // Typed into the box, as a user would: a dynamic DNS name.
    QLineEdit *edit = panel.addressBox()->lineEdit();
    edit->setText(QStringLiteral("friday.example.net"));
    Q_EMIT edit->editingFinished();
    QCOMPARE(address.count(), 1);
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("friday.example.net"));
    QVERIFY(panel.details().contains(QLatin1String("You chose this address")));
    // Loopback only when picked.
    panel.addressBox()->setCurrentText(QStringLiteral("127.0.0.1"));
    Q_EMIT panel.addressBox()->activated(panel.addressBox()->findText(QStringLiteral("127.0.0.1")));
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(panel.reachability().kind, Kind::ThisComputer);
    QVERIFY(panel.headline().startsWith(QLatin1String("Only this computer")));
    // Back to automatic.
    panel.addressBox()->setCurrentIndex(0);
    Q_EMIT panel.addressBox()->activated(0);
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("81.2.69.160"));
    QCOMPARE(panel.reachability().kind, Kind::Internet);
}

void TestReachabilityPanel::pickIsKeptForTheNextRoom()
{
    {
        ReachabilityPanel panel;
        panel.setInput(homeInput());
        panel.chooseHost(QStringLiteral("friday.example.net"));
    }
    ReachabilityPanel next;
    QSignalSpy address(&next, &ReachabilityPanel::addressChanged);
    next.setInput(homeInput());
    QCOMPARE(address.last().at(0).toString(), QStringLiteral("friday.example.net"));
    QCOMPARE(next.addressBox()->currentText(), QStringLiteral("friday.example.net"));
}

void TestReachabilityPanel::noNetworkGivesNoInvite()
{
    ReachabilityPanel panel;
    QSignalSpy address(&panel, &ReachabilityPanel::addressChanged);
    server::Reachability::Input input;
    input.port = 8787;
    input.mapping = failed(server::PortMapping::Failure::NoRouter, "no gateway");
    panel.setInput(input);
    QCOMPARE(address.count(), 1);
    QVERIFY(address.last().at(0).toString().isEmpty());
    QCOMPARE(panel.reachability().kind, Kind::ThisComputer);
    QVERIFY(panel.details().contains(QLatin1String("not connected to a network")));
    // The only candidate is this computer's own.
    QCOMPARE(panel.addressBox()->count(), 2);
    QCOMPARE(panel.addressBox()->itemText(1), QStringLiteral("127.0.0.1"));
}

QTEST_MAIN(TestReachabilityPanel)
#include "tst_reachabilitypanel.moc"
