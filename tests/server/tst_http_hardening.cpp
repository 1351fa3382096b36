// The HTTP side of the one port as an attacker meets it: bodies refused before they arrive,
// deadlines for heads and bodies, per-address connection caps, HEAD without a body, keep-alive
// and pipelining. A real server on 127.0.0.1, raw sockets as clients.
#include "ops/Metrics.h"
#include "RawHttpClient.h"
#include "TestServer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace watchium;
using test::RawHttpClient;
using test::TestServer;

namespace {

constexpr int kWaitMs = 5000;

// This process's resident set in KiB (the server runs in it).
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QByteArray request(QByteArrayView method, QByteArrayView target, QByteArrayView extra = {})
{
    return method.toByteArray() + ' ' + target.toByteArray() + " HTTP/1.1\r\nHost: localhost\r\n"
        + extra.toByteArray() + "\r\n";
}

// The status of a GET /health on `client`'s connection; 0 when nothing came back.
int healthStatus(RawHttpClient &client)
{
    client.send(request("GET", "/health"));
    const auto response = client.next(false, kWaitMs);
    return response ? response->status : 0;
}

QString errorCode(const RawHttpClient::Response &response)
{
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

} // namespace

class TestHttpHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void refusesAHugeContentLengthAtOnce();
    void stopsAChunkedBodyAtTheLimit();
    void closesAHeadThatNeverCompletes();
    void closesABodyThatStalls();
    void closesAnIdleConnection();
    void capsConnectionsPerAddress();
    void capsConnectionsStillSendingTheirHead();
    void countsTheClientABalancerNames();
    void headHasNoBody();
    void pipelinesRequests();
    void upgradesAfterARequest();

private:
    bool start(const std::function<void(server::ServerConfig &)> &configure = {});
    qint64 rejected(const QString &reason) const
    {
        return m_server->server()->metrics()->rejectedCount(reason);
    }

    std::unique_ptr<TestServer> m_server;
};

bool TestHttpHardening::start(const std::function<void(server::ServerConfig &)> &configure)
{
    auto config = TestServer::defaults();
    if (configure)
        configure(config);
    m_server = std::make_unique<TestServer>(config);
    return m_server->start();
}

void TestHttpHardening::cleanup()
{
    m_server.reset();
}

void TestHttpHardening::refusesAHugeContentLengthAtOnce()
{
    QVERIFY(start());
    const qint64 before = residentKiB();
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    // Only the head is ever sent: the answer may not wait for the body.
    client.send(request("POST", "/functions/v1/comments-create",
                        "Content-Type: application/json\r\nContent-Length: 134217728\r\n"));
    const auto response = client.next(false, kWaitMs);
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(errorCode(*response), QStringLiteral("payload_too_large"));
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed(kWaitMs));
    QCOMPARE(rejected(QStringLiteral("body_too_large")), 1);
    // Nothing was buffered for the announced 128 MiB.
    QVERIFY2(residentKiB() - before < 20 * 1024,
             qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(residentKiB() - before)));

    // An rpc path gets PostgREST's error shape.
    RawHttpClient rpc;
    QVERIFY(rpc.connectTo(m_server->server()->port()));
    rpc.send(request("POST", "/rest/v1/rpc/get_room_sync_state", "Content-Length: 99999999\r\n"));
    const auto rpcResponse = rpc.next(false, kWaitMs);
    QVERIFY(rpcResponse);
    QCOMPARE(rpcResponse->status, 413);
    QCOMPARE(QJsonDocument::fromJson(rpcResponse->body).object().value("code").toString(),
             QStringLiteral("payload_too_large"));
}

void TestHttpHardening::stopsAChunkedBodyAtTheLimit()
{
    QVERIFY(start());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    client.send(request("POST", "/functions/v1/comments-create",
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
    const QByteArray chunk = "4000\r\n" + QByteArray(0x4000, 'x') + "\r\n";
    qsizetype sent = 0;
    std::optional<RawHttpClient::Response> response;
    while (sent < 1024 * 1024 && client.isOpen() && !response) {
        client.send(chunk);
        sent += chunk.size();
        client.flush(kWaitMs);
        response = client.next(false, 50);
    }
    if (!response)
        response = client.next(false, kWaitMs);
    QVERIFY2(response, qPrintable(QStringLiteral("no answer after %1 bytes").arg(sent)));
    QCOMPARE(response->status, 413);
    QVERIFY2(sent < 1024 * 1024, qPrintable(QString::number(sent)));
    QVERIFY(client.waitClosed(kWaitMs));
}

void TestHttpHardening::closesAHeadThatNeverCompletes()
{
    QVERIFY(start([](server::ServerConfig &c) { c.httpHeaderTimeoutMs = 300; }));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    client.send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    const auto response = client.next(false, kWaitMs);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitClosed(kWaitMs));

    // A connection that sends nothing at all just goes.
    RawHttpClient silent;
    QVERIFY(silent.connectTo(m_server->server()->port()));
    QVERIFY(silent.waitClosed(kWaitMs));
    QVERIFY(silent.pending().isEmpty());
}

void TestHttpHardening::closesABodyThatStalls()
{
    QVERIFY(start([](server::ServerConfig &c) { c.httpBodyTimeoutMs = 300; }));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    client.send(request("POST", "/functions/v1/comments-create", "Content-Length: 100\r\n")
                + "{\"message\":");
    const auto response = client.next(false, kWaitMs);
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QCOMPARE(errorCode(*response), QStringLiteral("request_timeout"));
    QVERIFY(client.waitClosed(kWaitMs));
}

void TestHttpHardening::closesAnIdleConnection()
{
    QVERIFY(start([](server::ServerConfig &c) { c.httpIdleTimeoutMs = 300; }));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    client.send(request("GET", "/health"));
    const auto response = client.next(false, kWaitMs);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(client.waitClosed(kWaitMs));
}

void TestHttpHardening::capsConnectionsPerAddress()
{
    QVERIFY(start([](server::ServerConfig &c) { c.maxConnectionsPerIp = 4; }));
    const quint16 port = m_server->server()->port();
    // Four slow clients from one address hold its cap...
    std::vector<std::unique_ptr<RawHttpClient>> slow;
    for (int i = 0; i < 4; ++i) {
        slow.push_back(std::make_unique<RawHttpClient>());
        QVERIFY(slow.back()->connectTo(port));
        slow.back()->send("GET /health HTTP/1.1\r\n");
        QVERIFY(slow.back()->flush());
    }
    // ...so a fifth from it is turned away at once...
    RawHttpClient refused;
    QVERIFY(refused.connectTo(port));
    const auto refusal = refused.next(false, kWaitMs);
    QVERIFY(refusal);
    QCOMPARE(refusal->status, 429);
    QCOMPARE(errorCode(*refusal), QStringLiteral("too_many_connections"));
    QVERIFY(refused.waitClosed(kWaitMs));
    QCOMPARE(rejected(QStringLiteral("address_connection_cap")), 1);

    // ...while another address is served.
    RawHttpClient other;
    QVERIFY(other.connectTo(port, QHostAddress(QStringLiteral("127.0.0.2"))));
    other.send(request("GET", "/health"));
    const auto health = other.next(false, kWaitMs);
    QVERIFY(health);
    QCOMPARE(health->status, 200);

    // One slow client goes: its address may connect again.
    slow.pop_back();
    QVERIFY(QTest::qWaitFor(
        [&] {
            RawHttpClient attempt;
            if (!attempt.connectTo(port))
                return false;
            attempt.send(request("GET", "/health"));
            const auto r = attempt.next(false, kWaitMs);
            return r && r->status == 200;
        },
        kWaitMs));
}

// A trusted balancer's connections start with a PROXY header: the caps count the client it
// names, never the balancer, and its connection without a valid header is dropped.
void TestHttpHardening::countsTheClientABalancerNames()
{
    const QHostAddress balancer(QStringLiteral("127.0.0.5"));
    QVERIFY(start([&](server::ServerConfig &c) {
        c.maxConnectionsPerIp = 2;
        c.trustedProxies = {{balancer, 32}};
    }));
    const quint16 port = m_server->server()->port();
    auto through = [&](const QByteArray &client) {
        auto c = std::make_unique<RawHttpClient>();
        if (c->connectTo(port, balancer))
            c->send("PROXY TCP4 " + client + " 127.0.0.1 50000 8787\r\n");
        return c;
    };
    // Two slow clients of 203.0.113.7 hold its cap...
    std::vector<std::unique_ptr<RawHttpClient>> slow;
    for (int i = 0; i < 2; ++i) {
        slow.push_back(through("203.0.113.7"));
        slow.back()->send("GET /health HTTP/1.1\r\n");
        QVERIFY(slow.back()->flush());
    }
    // ...so a third is dropped unanswered once the server has read their headers, though the
    // balancer itself holds only two (a connection served before that closes again at once).
    QVERIFY(QTest::qWaitFor(
        [&] {
            auto third = through("203.0.113.7");
            third->send(request("GET", "/health", "Connection: close\r\n"));
            return third->waitClosed(kWaitMs) && third->pending().isEmpty();
        },
        kWaitMs));
    QVERIFY(rejected(QStringLiteral("address_connection_cap")) >= 1);
    // ...while another client through the same balancer is served, a third connection from it.
    auto other = through("203.0.113.8");
    QCOMPARE(healthStatus(*other), 200);
    // The balancer's connection without a header is not an HTTP client: dropped unanswered.
    RawHttpClient bare;
    QVERIFY(bare.connectTo(port, balancer));
    bare.send(request("GET", "/health"));
    QVERIFY(bare.waitClosed(kWaitMs));
    QVERIFY(bare.pending().isEmpty());
    // Anyone else is served as before, without a header.
    RawHttpClient direct;
    QVERIFY(direct.connectTo(port));
    QCOMPARE(healthStatus(direct), 200);
}

void TestHttpHardening::capsConnectionsStillSendingTheirHead()
{
    QVERIFY(start([](server::ServerConfig &c) { c.maxPendingPerIp = 2; }));
    const quint16 port = m_server->server()->port();
    // A kept-alive client that has sent whole requests is not pending...
    RawHttpClient keptAlive;
    QVERIFY(keptAlive.connectTo(port));
    keptAlive.send(request("GET", "/health"));
    QVERIFY(keptAlive.next(false, kWaitMs));
    // ...two that never finish their head are, and fill the address's allowance.
    RawHttpClient slow1, slow2;
    QVERIFY(slow1.connectTo(port));
    QVERIFY(slow2.connectTo(port));
    slow1.send("GET /health HTTP/1.1\r\n");
    slow2.send("GET /health HTTP/1.1\r\n");
    QVERIFY(slow1.flush() && slow2.flush());
    RawHttpClient refused;
    QVERIFY(refused.connectTo(port));
    const auto refusal = refused.next(false, kWaitMs);
    QVERIFY(refusal);
    QCOMPARE(refusal->status, 429);
    QCOMPARE(rejected(QStringLiteral("address_pending_cap")), 1);
    // The kept-alive connection is still served.
    keptAlive.send(request("GET", "/health"));
    const auto health = keptAlive.next(false, kWaitMs);
    QVERIFY(health);
    QCOMPARE(health->status, 200);
    // Once a slow one completes its head, a new connection is let in.
    slow1.send("Host: localhost\r\n\r\n");
    QVERIFY(slow1.next(false, kWaitMs));
    RawHttpClient admitted;
    QVERIFY(admitted.connectTo(port));
    QCOMPARE(healthStatus(admitted), 200);
}

void TestHttpHardening::headHasNoBody()
{
    QVERIFY(start());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    struct Case
    {
        const char *target;
        int status;
    };
    for (const Case &c : {Case {"/nowhere", 404}, Case {"/functions/v1/rooms-create", 405},
                          Case {"/health", 200}}) {
        client.send(request("HEAD", c.target));
        const auto response = client.next(true, kWaitMs);
        QVERIFY2(response, c.target);
        QCOMPARE(response->status, c.status);
        // The length the GET would have had, and no body on the wire.
        QVERIFY(response->header("content-length").toInt() > 0);
        // The next request on the same connection is answered from its first byte.
        client.send(request("GET", "/health"));
        const auto next = client.next(false, kWaitMs);
        QVERIFY2(next, c.target);
        QCOMPARE(next->status, 200);
        QVERIFY2(next->head.startsWith("HTTP/1.1 200"), next->head.constData());
        QCOMPARE(QJsonDocument::fromJson(next->body).object().value("status").toString(),
                 QStringLiteral("ok"));
        QVERIFY(client.pending().isEmpty());
    }
}

void TestHttpHardening::pipelinesRequests()
{
    QVERIFY(start());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    const QByteArray body = "{\"limit\":5}";
    client.send(request("GET", "/health")
                + request("POST", "/functions/v1/rooms-list-public",
                          "Content-Type: application/json\r\n"
                          "Content-Length: "
                              + QByteArray::number(body.size()) + "\r\n")
                + body + request("GET", "/nowhere", "Connection: close\r\n"));
    const auto first = client.next(false, kWaitMs);
    const auto second = client.next(false, kWaitMs);
    const auto third = client.next(false, kWaitMs);
    QVERIFY(first && second && third);
    QCOMPARE(first->status, 200);
    QVERIFY(first->body.contains("uptime_seconds"));
    QCOMPARE(second->status, 200);
    QVERIFY(second->body.contains("\"rooms\""));
    QCOMPARE(third->status, 404);
    QCOMPARE(third->header("connection"), QByteArray("close"));
    QVERIFY(client.waitClosed(kWaitMs));
}

void TestHttpHardening::upgradesAfterARequest()
{
    QVERIFY(start());
    RawHttpClient client;
    QVERIFY(client.connectTo(m_server->server()->port()));
    client.send(request("GET", "/health"));
    QVERIFY(client.next(false, kWaitMs));
    client.send(request("GET", "/realtime/v1/websocket?vsn=1.0.0",
                        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n"));
    const auto response = client.next(true, kWaitMs);
    QVERIFY(response);
    QCOMPARE(response->status, 101);
    QCOMPARE(response->header("sec-websocket-accept"), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->server()->connectionCount(), 1, kWaitMs);
}

QTEST_GUILESS_MAIN(TestHttpHardening)
#include "tst_http_hardening.moc"
