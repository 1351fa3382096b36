#include "websocket/WsHandshake.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace watchium::ws;

namespace {

// The RFC 6455 section 1.3 example key and its accept value.
const QByteArray kRfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray kRfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

QByteArray upgradeHead(const QByteArray &method, const QList<QByteArray> &fields)
{
    QByteArray head = method + " /realtime/v1/websocket?vsn=1.0.0 HTTP/1.1\r\n";
    for (const QByteArray &field : fields)
        head += field + "\r\n";
    return head + "\r\n";
}

const QList<QByteArray> kBrowserFields {"Host: watch.example:8443", "Upgrade: websocket",
                                        "Connection: Upgrade", "Sec-WebSocket-Key: " + kRfcKey,
                                        "Sec-WebSocket-Version: 13"};

// The browser's fields with the one called `name` replaced by `field`, or dropped when
// `field` is empty.
QList<QByteArray> replacing(const QByteArray &name, const QByteArray &field)
{
    QList<QByteArray> fields;
    for (const QByteArray &f : kBrowserFields) {
        if (!f.startsWith(name + ':'))
            fields << f;
        else if (!field.isEmpty())
            fields << field;
    }
    return fields;
}

// Splits an HTTP response into its head lines (each still ending in CR) and body.
QPair<QList<QByteArray>, QByteArray> splitResponse(const QByteArray &response)
{
    const qsizetype end = handshake::headEnd(response);
    return {response.first(end - 2).split('\n'), response.sliced(end)};
}

} // namespace

class TestWsHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptKey();
    void headEnd_data();
    void headEnd();
    void parseRequest_data();
    void parseRequest();
    void fieldsAreNormalised();
    void checkUpgrade_data();
    void checkUpgrade();
    void refusal_data();
    void refusal();
    void roundTrip();
    void checkResponse_data();
    void checkResponse();
    void newClientKey();
};

void TestWsHandshake::acceptKey()
{
    QCOMPARE(handshake::acceptKey(kRfcKey), kRfcAccept);
}

void TestWsHandshake::headEnd_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qsizetype>("end");
    QTest::newRow("empty") << QByteArray() << qsizetype(-1);
    QTest::newRow("partial") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") << qsizetype(-1);
    QTest::newRow("complete") << QByteArray("GET / HTTP/1.1\r\n\r\n") << qsizetype(18);
    QTest::newRow("with-frames") << QByteArray("GET / HTTP/1.1\r\n\r\n\x81\x00") << qsizetype(18);
}

void TestWsHandshake::headEnd()
{
    QFETCH(QByteArray, data);
    QFETCH(qsizetype, end);
    QCOMPARE(handshake::headEnd(data), end);
}

void TestWsHandshake::parseRequest_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("valid");
    QTest::newRow("browser") << upgradeHead("GET", kBrowserFields) << true;
    QTest::newRow("no-fields") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("bytes-after-head") << QByteArray("GET / HTTP/1.1\r\n\r\n\x81\x85") << true;
    QTest::newRow("empty-value") << upgradeHead("GET", {"X-Empty:"}) << true;
    QTest::newRow("tab-in-value") << upgradeHead("GET", {"X-A: a\tb"}) << true;
    QTest::newRow("obs-fold") << upgradeHead("GET", {"X-A: a", " folded"}) << false;
    QTest::newRow("tab-fold") << upgradeHead("GET", {"X-A: a", "\tfolded"}) << false;
    QTest::newRow("no-colon") << upgradeHead("GET", {"garbage line"}) << false;
    QTest::newRow("space-before-colon") << upgradeHead("GET", {"Host : a"}) << false;
    QTest::newRow("empty-name") << upgradeHead("GET", {": a"}) << false;
    QTest::newRow("bad-name-char") << upgradeHead("GET", {"X(A): a"}) << false;
    QTest::newRow("control-in-value") << upgradeHead("GET", {"X-A: a\x01"}) << false;
    QTest::newRow("bare-lf") << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n") << false;
    QTest::newRow("bare-cr") << QByteArray("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") << false;
    QTest::newRow("http-1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("double-space") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << false;
    QTest::newRow("no-target") << QByteArray("GET HTTP/1.1\r\n\r\n") << false;
    QTest::newRow("extra-part") << QByteArray("GET / x HTTP/1.1\r\n\r\n") << false;
    QTest::newRow("empty-line-first") << QByteArray("\r\n\r\n") << false;
    QTest::newRow("no-blank-line") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") << false;
    QTest::newRow("at-limit") << upgradeHead("GET", {"X-Pad: " + QByteArray(8100, 'p')}) << true;
    QTest::newRow("over-limit") << upgradeHead("GET", {"X-Pad: " + QByteArray(8200, 'p')}) << false;
}

void TestWsHandshake::parseRequest()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, valid);
    QString error;
    const auto request = handshake::parseRequest(head, &error);
    QCOMPARE(request.has_value(), valid);
    QCOMPARE(error.isEmpty(), valid);
}

void TestWsHandshake::fieldsAreNormalised()
{
    QString error;
    const auto request = handshake::parseRequest(
        upgradeHead("GET", {"SEC-WebSocket-KEY: \t abc \t", "X-Twice: 1", "x-twice: 2"}), &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->method, QByteArray("GET"));
    QCOMPARE(request->target, QByteArray("/realtime/v1/websocket?vsn=1.0.0"));
    QCOMPARE(request->header("sec-websocket-key"), QByteArray("abc"));
    QCOMPARE(request->header("x-twice"), QByteArray("1"));
    QCOMPARE(request->headers.size(), 3);
    QCOMPARE(request->header("missing"), QByteArray());
}

void TestWsHandshake::checkUpgrade_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    const auto row = [](const char *name, const QByteArray &head, int status) {
        QTest::newRow(name) << head << status;
    };
    row("browser", upgradeHead("GET", kBrowserFields), 101);
    row("connection-list",
        upgradeHead("GET", replacing("Connection", "Connection: keep-alive, Upgrade")), 101);
    row("connection-split",
        upgradeHead("GET",
                    replacing("Connection", "Connection: keep-alive") << "Connection: upgrade"),
        101);
    row("upgrade-case", upgradeHead("GET", replacing("Upgrade", "Upgrade: WebSocket")), 101);
    row("field-name-case",
        upgradeHead("GET",
                    {"UPGRADE: websocket", "connection: UPGRADE", "sec-websocket-key: " + kRfcKey,
                     "SEC-WEBSOCKET-VERSION: 13"}),
        101);
    row("post", upgradeHead("POST", kBrowserFields), 405);
    row("no-upgrade", upgradeHead("GET", replacing("Upgrade", "")), 400);
    row("upgrade-h2c", upgradeHead("GET", replacing("Upgrade", "Upgrade: h2c")), 400);
    row("connection-keep-alive",
        upgradeHead("GET", replacing("Connection", "Connection: keep-alive")), 400);
    row("no-key", upgradeHead("GET", replacing("Sec-WebSocket-Key", "")), 400);
    row("key-15-bytes",
        upgradeHead(
            "GET",
            replacing("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + QByteArray(15, 'k').toBase64())),
        400);
    row("key-17-bytes",
        upgradeHead(
            "GET",
            replacing("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + QByteArray(17, 'k').toBase64())),
        400);
    row("key-not-base64",
        upgradeHead("GET",
                    replacing("Sec-WebSocket-Key", "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==")),
        400);
    row("key-twice",
        upgradeHead("GET", kBrowserFields + QList<QByteArray> {"Sec-WebSocket-Key: " + kRfcKey}),
        400);
    row("version-8",
        upgradeHead("GET", replacing("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8")), 426);
    row("no-version", upgradeHead("GET", replacing("Sec-WebSocket-Version", "")), 426);
}

void TestWsHandshake::checkUpgrade()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    QString error;
    const auto request = handshake::parseRequest(head, &error);
    QVERIFY2(request, qPrintable(error));
    const handshake::Upgrade upgrade = handshake::checkUpgrade(*request);
    QCOMPARE(upgrade.status, status);
    QCOMPARE(upgrade.error.isEmpty(), status == 101);
    QCOMPARE(upgrade.key, status == 101 ? kRfcKey : QByteArray());
}

void TestWsHandshake::refusal_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("extraField");
    QTest::newRow("bad-request") << 400 << "bad_request"
                                 << "no key" << QByteArray("HTTP/1.1 400 Bad Request")
                                 << QByteArray();
    QTest::newRow("method") << 405 << "method_not_allowed"
                            << "GET only" << QByteArray("HTTP/1.1 405 Method Not Allowed")
                            << QByteArray("Allow: GET");
    QTest::newRow("version") << 426 << "version"
                             << "use 13" << QByteArray("HTTP/1.1 426 Upgrade Required")
                             << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("escaping") << 503 << "busy\"\\"
                              << QString::fromUtf8("line\nbreak \"quoted\" \xc3\xa9 \x01")
                              << QByteArray("HTTP/1.1 503 Service Unavailable") << QByteArray();
}

void TestWsHandshake::refusal()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, extraField);
    const auto [lines, body] = splitResponse(handshake::refusal(status, code, message));
    QCOMPARE(lines.first(), statusLine + '\r');
    QVERIFY(lines.contains("Content-Type: application/json\r"));
    QVERIFY(lines.contains("Connection: close\r"));
    QVERIFY(lines.contains("Content-Length: " + QByteArray::number(body.size()) + '\r'));
    if (!extraField.isEmpty())
        QVERIFY(lines.contains(extraField + '\r'));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonObject object = json.object();
    QCOMPARE(object.keys(), (QStringList {"error", "success"}));
    QCOMPARE(object.value("success"), QJsonValue(false));
    const QJsonObject error = object.value("error").toObject();
    QCOMPARE(error.keys(), (QStringList {"code", "message"}));
    QCOMPARE(error.value("code").toString(), code);
    QCOMPARE(error.value("message").toString(), message);
}

void TestWsHandshake::roundTrip()
{
    const QByteArray key = handshake::newClientKey();
    const QByteArray request = handshake::clientRequest(
        "watch.example:8443", "/realtime/v1/websocket?apikey=k&vsn=1.0.0", key);
    QString error;
    const auto parsed = handshake::parseRequest(request, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->header("host"), QByteArray("watch.example:8443"));
    const handshake::Upgrade upgrade = handshake::checkUpgrade(*parsed);
    QCOMPARE(upgrade.status, 101);
    QCOMPARE(upgrade.key, key);
    const QByteArray response = handshake::switchingProtocols(upgrade.key);
    QCOMPARE(handshake::headEnd(response), response.size());
    QVERIFY2(handshake::checkResponse(response, key, &error), qPrintable(error));
    QVERIFY(response.contains("Sec-WebSocket-Accept: " + handshake::acceptKey(key) + "\r\n"));
}

void TestWsHandshake::checkResponse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("valid");
    const QByteArray good = handshake::switchingProtocols(kRfcKey);
    QTest::newRow("good") << good << true;
    QTest::newRow("any-case") << QByteArray(
        "HTTP/1.1 101 OK\r\nupgrade: WEBSOCKET\r\nconnection: upgrade\r\nsec-websocket-accept: "
        + kRfcAccept + "\r\n\r\n")
                              << true;
    QByteArray tampered = good;
    tampered.replace(kRfcAccept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOp=");
    QTest::newRow("tampered-accept") << tampered << false;
    QTest::newRow("other-key") << handshake::switchingProtocols("AAAAAAAAAAAAAAAAAAAAAA==")
                               << false;
    QTest::newRow("status-200") << QByteArray(good).replace("101 Switching Protocols", "200 OK")
                                << false;
    QTest::newRow("refusal") << handshake::refusal(426, "version", "use 13") << false;
    QTest::newRow("no-upgrade") << QByteArray(good).replace("Upgrade: websocket\r\n", "") << false;
    QTest::newRow("no-connection")
        << QByteArray(good).replace("Connection: Upgrade\r\n", "") << false;
    QTest::newRow("extension") << QByteArray(good).replace(
        "\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
                               << false;
    QTest::newRow("accept-twice") << QByteArray(good).replace(
        "\r\n\r\n", "\r\nSec-WebSocket-Accept: " + kRfcAccept + "\r\n\r\n")
                                  << false;
    QTest::newRow("garbage") << QByteArray("garbage\r\n\r\n") << false;
    QTest::newRow("incomplete") << good.first(good.size() - 2) << false;
}

void TestWsHandshake::checkResponse()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, valid);
    QString error;
    QCOMPARE(handshake::checkResponse(head, kRfcKey, &error), valid);
    QCOMPARE(error.isEmpty(), valid);
}

void TestWsHandshake::newClientKey()
{
    const QByteArray first = handshake::newClientKey();
    const QByteArray second = handshake::newClientKey();
    QCOMPARE(first.size(), 24);
    QCOMPARE(QByteArray::fromBase64(first).size(), 16);
    QVERIFY(first != second);
}

QTEST_GUILESS_MAIN(TestWsHandshake)
#include "tst_wshandshake.moc"
