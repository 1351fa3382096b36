// The PROXY protocol header a trusted balancer sends first (pure: data rows).
#include "net/ProxyHeader.h"

#include <QtTest>

using namespace watchium::server;
using Status = ProxyHeader::Status;

Q_DECLARE_METATYPE(Status)

namespace {

QByteArray v2(quint8 versionCommand, quint8 family, const QByteArray &block)
{
    QByteArray head("\r\n\r\n\0\r\nQUIT\n", 12);
    head.append(char(versionCommand));
    head.append(char(family));
    head.append(char(block.size() >> 8));
    head.append(char(block.size() & 0xff));
    return head + block;
}

// 203.0.113.7:51000 -> 10.0.0.11:8787, with `extra` bytes of TLVs after the addresses.
QByteArray v2Tcp4(int extra = 0)
{
    return v2(0x21, 0x11,
              QByteArray::fromHex("cb007107"
                                  "0a00000b"
                                  "c738"
                                  "2253")
                  + QByteArray(extra, 'x'));
}

QByteArray v2Tcp6()
{
    return v2(0x21, 0x21,
              QByteArray::fromHex("20010db8000000000000000000000007"
                                  "20010db800000000000000000000000b"
                                  "c7382253"));
}

} // namespace

class TestProxyHeader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void everyPrefixNeedsMore_data();
    void everyPrefixNeedsMore();
};

void TestProxyHeader::parses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Status>("status");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("source"); // empty: none named

    const QByteArray tcp4("PROXY TCP4 203.0.113.7 10.0.0.11 51000 8787\r\n");
    QTest::newRow("v1-tcp4") << tcp4 << Status::Done << int(tcp4.size()) << "203.0.113.7";
    QTest::newRow("v1-tcp4-then-request") << tcp4 + "GET / HTTP/1.1\r\n"
                                          << Status::Done << int(tcp4.size()) << "203.0.113.7";
    const QByteArray tcp6("PROXY TCP6 2001:db8::7 2001:db8::b 51000 8787\r\n");
    QTest::newRow("v1-tcp6") << tcp6 << Status::Done << int(tcp6.size()) << "2001:db8::7";
    QTest::newRow("v1-unknown") << QByteArray("PROXY UNKNOWN\r\n") << Status::Done << 15 << "";
    QTest::newRow("v1-unknown-with-rest")
        << QByteArray("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n") << Status::Done << 35 << "";
    // NeedMore's length: the most the header can still be, so a reader never reads far past it.
    QTest::newRow("v1-partial") << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 51")
                                << Status::NeedMore << 107 << "";
    QTest::newRow("v1-partial-cr") << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 51000 8787\r")
                                   << Status::NeedMore << 107 << "";
    QTest::newRow("v1-family-mismatch")
        << QByteArray("PROXY TCP4 2001:db8::7 10.0.0.11 51000 8787\r\n") << Status::Invalid << 0
        << "";
    QTest::newRow("v1-tcp6-with-v4")
        << QByteArray("PROXY TCP6 203.0.113.7 2001:db8::b 51000 8787\r\n") << Status::Invalid << 0
        << "";
    QTest::newRow("v1-short-v4") << QByteArray("PROXY TCP4 203.7 10.0.0.11 51000 8787\r\n")
                                 << Status::Invalid << 0 << "";
    QTest::newRow("v1-port-too-big")
        << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 65536 8787\r\n") << Status::Invalid << 0
        << "";
    QTest::newRow("v1-port-leading-zero")
        << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 051000 8787\r\n") << Status::Invalid << 0
        << "";
    QTest::newRow("v1-port-sign") << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 +5100 8787\r\n")
                                  << Status::Invalid << 0 << "";
    QTest::newRow("v1-double-space")
        << QByteArray("PROXY TCP4  203.0.113.7 10.0.0.11 51000 8787\r\n") << Status::Invalid << 0
        << "";
    QTest::newRow("v1-missing-port")
        << QByteArray("PROXY TCP4 203.0.113.7 10.0.0.11 51000\r\n") << Status::Invalid << 0 << "";
    QTest::newRow("v1-udp") << QByteArray("PROXY UDP4 203.0.113.7 10.0.0.11 1 2\r\n")
                            << Status::Invalid << 0 << "";
    QTest::newRow("v1-bare-lf") << QByteArray("PROXY TCP4 203.0.113.7\n") << Status::Invalid << 0
                                << "";
    QTest::newRow("v1-unknown-bare-lf")
        << QByteArray("PROXY UNKNOWN a\nb\r\n") << Status::Invalid << 0 << "";
    QTest::newRow("v1-unknown-inner-cr")
        << QByteArray("PROXY UNKNOWN a\rb\r\n") << Status::Invalid << 0 << "";
    QTest::newRow("v1-scope-id") << QByteArray("PROXY TCP6 fe80::1%eth0 2001:db8::b 51000 8787\r\n")
                                 << Status::Invalid << 0 << "";
    QTest::newRow("v1-too-long") << QByteArray("PROXY UNKNOWN ") + QByteArray(100, 'a')
                                 << Status::Invalid << 0 << "";
    QTest::newRow("v1-line-of-107") << QByteArray("PROXY UNKNOWN ") + QByteArray(91, 'a') + "\r\n"
                                    << Status::Done << 107 << "";
    QTest::newRow("v1-line-of-108") << QByteArray("PROXY UNKNOWN ") + QByteArray(92, 'a') + "\r\n"
                                    << Status::Invalid << 0 << "";

    QTest::newRow("v2-tcp4") << v2Tcp4() << Status::Done << 28 << "203.0.113.7";
    QTest::newRow("v2-tcp4-tlvs") << v2Tcp4(40) << Status::Done << 68 << "203.0.113.7";
    QTest::newRow("v2-tcp6") << v2Tcp6() << Status::Done << 52 << "2001:db8::7";
    QTest::newRow("v2-local") << v2(0x20, 0x00, {}) << Status::Done << 16 << "";
    QTest::newRow("v2-local-with-block")
        << v2(0x20, 0x11, QByteArray(12, '\0')) << Status::Done << 28 << "";
    QTest::newRow("v2-unspec") << v2(0x21, 0x00, {}) << Status::Done << 16 << "";
    QTest::newRow("v2-unix") << v2(0x21, 0x31, QByteArray(216, '\0')) << Status::Done << 232 << "";
    QTest::newRow("v2-partial") << v2Tcp4().first(20) << Status::NeedMore << 28 << "";
    QTest::newRow("v2-head-only") << v2Tcp4(40).first(16) << Status::NeedMore << 68 << "";
    QTest::newRow("v2-signature-only") << v2Tcp4().first(12) << Status::NeedMore << 16 << "";
    QTest::newRow("v1-prefix-part") << QByteArray("PROX") << Status::NeedMore << 16 << "";
    QTest::newRow("v2-version-1") << v2(0x11, 0x11, QByteArray(12, '\0')) << Status::Invalid << 0
                                  << "";
    QTest::newRow("v2-command-2") << v2(0x22, 0x11, QByteArray(12, '\0')) << Status::Invalid << 0
                                  << "";
    QTest::newRow("v2-family-4") << v2(0x21, 0x41, QByteArray(12, '\0')) << Status::Invalid << 0
                                 << "";
    QTest::newRow("v2-tcp4-short")
        << v2(0x21, 0x11, QByteArray(11, '\0')) << Status::Invalid << 0 << "";
    QTest::newRow("v2-tcp6-short")
        << v2(0x21, 0x21, QByteArray(35, '\0')) << Status::Invalid << 0 << "";
    QTest::newRow("v2-block-over-limit") << v2Tcp4(1024).first(16) << Status::Invalid << 0 << "";
    QTest::newRow("v2-block-at-limit") << v2Tcp4(1012) << Status::Done << 1040 << "203.0.113.7";

    QTest::newRow("plain-http") << QByteArray("GET / HTTP/1.1\r\n") << Status::Invalid << 0 << "";
    QTest::newRow("tls-hello") << QByteArray::fromHex("160301") << Status::Invalid << 0 << "";
    QTest::newRow("lowercase") << QByteArray("proxy TCP4") << Status::Invalid << 0 << "";
    QTest::newRow("empty") << QByteArray() << Status::NeedMore << 16 << "";
}

void TestProxyHeader::parses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Status, status);
    QFETCH(int, length);
    QFETCH(QString, source);
    const ProxyHeader::Result r = ProxyHeader::parse(bytes);
    QCOMPARE(r.status, status);
    QCOMPARE(r.status == Status::Invalid, !r.error.isEmpty());
    if (status != Status::Done)
        return;
    QCOMPARE(int(r.length), length);
    QCOMPARE(r.source.has_value(), !source.isEmpty());
    if (r.source)
        QCOMPARE(*r.source, QHostAddress(source));
}

void TestProxyHeader::everyPrefixNeedsMore_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("v1") << QByteArray("PROXY TCP6 2001:db8::7 2001:db8::b 51000 8787\r\n");
    QTest::newRow("v2") << v2Tcp6();
}

// Bytes arrive in any split: each proper prefix of a valid header waits for more.
void TestProxyHeader::everyPrefixNeedsMore()
{
    QFETCH(QByteArray, header);
    for (qsizetype n = 0; n < header.size(); ++n)
        QCOMPARE(ProxyHeader::parse(header.first(n)).status, Status::NeedMore);
    QCOMPARE(ProxyHeader::parse(header).status, Status::Done);
}

QTEST_APPLESS_MAIN(TestProxyHeader)
#include "tst_proxyheader.moc"
