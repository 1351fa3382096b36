#include "nat/PcpMessage.h"

#include <QtEndian>
#include <QTest>

using namespace watchium::server;

namespace {

PcpMessage::Map request()
{
    PcpMessage::Map map;
    map.nonce = QByteArray::fromHex("0102030405060708090a0b0c");
    map.internalPort = 8787;
    map.externalPort = 8787;
    map.lifetimeSeconds = 3600;
    return map;
}

// A MAP answer as miniupnpd sends it, from hex; fields by offset can then be spoiled.
QByteArray answer(int result = 0, quint16 externalPort = 8787)
{
    QByteArray bytes = QByteArray::fromHex("02810000" // version 2, response MAP, reserved, result
                                           "00000e10" // lifetime 3600
                                           "00000002" // epoch
                                           "000000000000000000000000" // reserved
                                           "0102030405060708090a0b0c" // nonce
                                           "06000000" // TCP, reserved
                                           "22532253" // internal 8787, external 8787
                                           "00000000000000000000ffff0b000001"); // ::ffff:11.0.0.1
    bytes[3] = char(result);
    qToBigEndian<quint16>(externalPort, bytes.data() + 42);
    return bytes;
}

} // namespace

// PCP MAP messages (RFC 6887): the bytes we send, and which answers are believed.
class TestPcpMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestLayout();
    void parse_data();
    void parse();
};

void TestPcpMessage::requestLayout()
{
    const QByteArray bytes =
        PcpMessage::mapRequest(request(), QHostAddress(QStringLiteral("192.168.77.2")));
    QCOMPARE(bytes.size(), PcpMessage::kRequestSize);
    QCOMPARE(bytes.toHex(),
             QByteArray("02010000"
                        "00000e10"
                        "00000000000000000000ffffc0a84d02" // client ::ffff:192.168.77.2
                        "0102030405060708090a0b0c"
                        "06000000"
                        "22532253"
                        "00000000000000000000ffff00000000")); // any external IPv4
}

void TestPcpMessage::parse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("believed");
    QTest::addColumn<int>("result");
    QTest::addColumn<int>("externalPort");
    QTest::addColumn<QString>("externalAddress");

    QTest::newRow("success") << answer() << true << 0 << 8787 << "11.0.0.1";
    QTest::newRow("another_external_port") << answer(0, 40123) << true << 0 << 40123 << "11.0.0.1";
    QTest::newRow("network_failure") << answer(7) << true << 7 << 8787 << "11.0.0.1";
    QTest::newRow("short_error") << answer(8).left(24) << true << 8 << 0 << "";
    QTest::newRow("natpmp_unsupported_version")
        << QByteArray::fromHex("0081000100000000") << true << 1 << 0 << "";
    QTest::newRow("natpmp_other_result")
        << QByteArray::fromHex("0081000300000000") << false << 0 << 0 << "";
    QTest::newRow("truncated_success") << answer().left(59) << false << 0 << 0 << "";
    QTest::newRow("too_short") << QByteArray::fromHex("0281") << false << 0 << 0 << "";
    QTest::newRow("empty") << QByteArray() << false << 0 << 0 << "";
    QByteArray spoiled = answer();
    spoiled[24] = 0x7f; // another nonce: someone else's mapping
    QTest::newRow("other_nonce") << spoiled << false << 0 << 0 << "";
    spoiled = answer();
    spoiled[36] = 17; // UDP
    QTest::newRow("other_protocol") << spoiled << false << 0 << 0 << "";
    spoiled = answer();
    spoiled[41] = 0x54; // internal port 8788
    QTest::newRow("other_internal_port") << spoiled << false << 0 << 0 << "";
    spoiled = answer();
    spoiled[1] = 0x01; // a request, not an answer
    QTest::newRow("not_a_response") << spoiled << false << 0 << 0 << "";
    spoiled = answer();
    spoiled[0] = 1;
    QTest::newRow("other_version") << spoiled << false << 0 << 0 << "";
    QTest::newRow("success_without_port") << answer(0, 0) << false << 0 << 0 << "";
    spoiled = answer();
    spoiled[54] = 0x20; // 2001:... : not an IPv4 mapping
    spoiled[55] = 0x01;
    QTest::newRow("success_with_ipv6_external") << spoiled << false << 0 << 0 << "";
}

void TestPcpMessage::parse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, believed);
    const auto parsed = PcpMessage::parseMapAnswer(bytes, request());
    QCOMPARE(parsed.has_value(), believed);
    if (!parsed)
        return;
    QTEST(parsed->result, "result");
    QTEST(int(parsed->map.externalPort), "externalPort");
    QFETCH(QString, externalAddress);
    QCOMPARE(parsed->map.externalAddress.toString(), externalAddress);
}

QTEST_APPLESS_MAIN(TestPcpMessage)
#include "tst_pcpmessage.moc"
