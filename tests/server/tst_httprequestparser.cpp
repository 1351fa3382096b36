// HttpRequestParser on its own: what it accepts, what it refuses with which status, and that the
// answer does not depend on how the bytes are split.
#include "http/HttpRequestParser.h"

#include <QtTest>

using namespace watchium::server;

namespace {

using State = HttpRequestParser::State;

struct Outcome
{
    int status = 0; // 0 when a whole request was read
    HttpRequest request;
    qsizetype consumed = 0;
};

// Feeds `input` in pieces of `step` bytes until the parser completes a request or fails.
Outcome parse(const QByteArray &input, qsizetype step)
{
    HttpRequestParser parser;
    Outcome outcome;
    qsizetype offset = 0;
    while (offset < input.size()) {
        const QByteArrayView piece =
            QByteArrayView(input).sliced(offset).first(std::min(step, input.size() - offset));
        const qsizetype used = parser.feed(piece);
        offset += used;
        if (parser.state() == State::Failed) {
            outcome.status = parser.error().status;
            break;
        }
        if (parser.state() == State::Complete) {
            outcome.request = parser.takeRequest();
            break;
        }
        if (used == 0)
            break;
    }
    if (parser.state() != State::Failed && outcome.request.method.isEmpty())
        outcome.status = -1; // still waiting for bytes
    outcome.consumed = offset;
    return outcome;
}

QByteArray get(QByteArrayView target = "/health")
{
    return "GET " + target.toByteArray() + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
}

QByteArray post(QByteArrayView headers, QByteArrayView body)
{
    return "POST /functions/v1/rooms-create HTTP/1.1\r\nHost: localhost\r\n" + headers.toByteArray()
        + "\r\n" + body.toByteArray();
}

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void stopsAtTheEndOfTheHead();
    void refusesAnOversizedBodyBeforeItArrives();
    void pipelinedRequestsOneAtATime();
};

void TestHttpRequestParser::parses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status"); // 0: read; -1: waits for more
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");

    const QByteArray chunked = "Transfer-Encoding: chunked\r\n";
    QTest::newRow("get") << get() << 0 << QByteArray("/health") << QByteArray();
    QTest::newRow("content-length")
        << post("Content-Length: 3\r\n", "abc") << 0 << QByteArray("/functions/v1/rooms-create")
        << QByteArray("abc");
    QTest::newRow("leading-zeros") << post("Content-Length: 0003\r\n", "abc") << 0
                                   << QByteArray("/functions/v1/rooms-create") << QByteArray("abc");
    QTest::newRow("same-length-twice")
        << post("Content-Length: 3\r\nContent-Length: 3, 3\r\n", "abc") << 0
        << QByteArray("/functions/v1/rooms-create") << QByteArray("abc");
    QTest::newRow("chunked") << post(chunked, "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n") << 0
                             << QByteArray("/functions/v1/rooms-create") << QByteArray("Wikipedia");
    QTest::newRow("chunked-ext-trailer")
        << post("Transfer-Encoding: Chunked\r\n", "A;name=v\r\n0123456789\r\n0\r\nX-T: y\r\n\r\n")
        << 0 << QByteArray("/functions/v1/rooms-create") << QByteArray("0123456789");
    QTest::newRow("leading-blank-line")
        << "\r\n" + get() << 0 << QByteArray("/health") << QByteArray();
    QTest::newRow("http10-no-host")
        << QByteArray("GET /health HTTP/1.0\r\n\r\n") << 0 << QByteArray("/health") << QByteArray();
    QTest::newRow("absolute-form")
        << get("http://example.com/a?b=1") << 0 << QByteArray("/a?b=1") << QByteArray();
    QTest::newRow("absolute-no-path")
        << get("HTTP://example.com?x") << 0 << QByteArray("/?x") << QByteArray();
    QTest::newRow("options-asterisk") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") << 0
                                      << QByteArray("*") << QByteArray();
    QTest::newRow("obs-text-value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n") << 0 << QByteArray("/")
        << QByteArray();
    QTest::newRow("incomplete-head")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") << -1 << QByteArray() << QByteArray();
    QTest::newRow("incomplete-body")
        << post("Content-Length: 5\r\n", "ab") << -1 << QByteArray() << QByteArray();

    QTest::newRow("bare-lf") << QByteArray("GET / HTTP/1.1\nHost: a\n\n") << 400 << QByteArray()
                             << QByteArray();
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n")
                              << 400 << QByteArray() << QByteArray();
    QTest::newRow("space-before-colon")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 3\r\n\r\nabc") << 400
        << QByteArray() << QByteArray();
    QTest::newRow("nul-in-value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a") + '\0'
            + "b\r\n\r\n" << 400 << QByteArray()
                                  << QByteArray();
    QTest::newRow("length-and-chunked")
        << post("Content-Length: 3\r\n" + chunked, "3\r\nabc\r\n0\r\n\r\n") << 400 << QByteArray()
        << QByteArray();
    QTest::newRow("differing-lengths") << post("Content-Length: 3\r\nContent-Length: 4\r\n", "abcd")
                                       << 400 << QByteArray() << QByteArray();
    QTest::newRow("differing-in-list")
        << post("Content-Length: 3, 4\r\n", "abcd") << 400 << QByteArray() << QByteArray();
    QTest::newRow("negative-length")
        << post("Content-Length: -1\r\n", "") << 400 << QByteArray() << QByteArray();
    QTest::newRow("plus-length") << post("Content-Length: +3\r\n", "abc") << 400 << QByteArray()
                                 << QByteArray();
    QTest::newRow("gzip") << post("Transfer-Encoding: gzip\r\n", "") << 501 << QByteArray()
                          << QByteArray();
    QTest::newRow("gzip-chunked") << post("Transfer-Encoding: gzip, chunked\r\n", "") << 501
                                  << QByteArray() << QByteArray();
    QTest::newRow("chunked-twice")
        << post(chunked + chunked, "0\r\n\r\n") << 501 << QByteArray() << QByteArray();
    QTest::newRow("chunked-http10")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400
        << QByteArray() << QByteArray();
    QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505 << QByteArray()
                           << QByteArray();
    QTest::newRow("http12") << QByteArray("GET / HTTP/1.2\r\nHost: a\r\n\r\n") << 505
                            << QByteArray() << QByteArray();
    QTest::newRow("bad-version") << QByteArray("GET / HTTP/1\r\nHost: a\r\n\r\n") << 400
                                 << QByteArray() << QByteArray();
    QTest::newRow("no-host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << QByteArray()
                             << QByteArray();
    QTest::newRow("two-hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400
                               << QByteArray() << QByteArray();
    QTest::newRow("bad-method") << QByteArray("GE(T / HTTP/1.1\r\nHost: a\r\n\r\n") << 400
                                << QByteArray() << QByteArray();
    QTest::newRow("two-spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") << 400
                                << QByteArray() << QByteArray();
    QTest::newRow("relative-target") << get("health") << 400 << QByteArray() << QByteArray();
    QTest::newRow("control-in-target") << get("/a\x01") << 400 << QByteArray() << QByteArray();
    QTest::newRow("length-too-large")
        << post("Content-Length: 65537\r\n", "") << 413 << QByteArray() << QByteArray();
    QTest::newRow("length-128mb") << post("Content-Length: 134217728\r\n", "") << 413
                                  << QByteArray() << QByteArray();
    QTest::newRow("length-overflow") << post("Content-Length: 99999999999999999999999999\r\n", "")
                                     << 413 << QByteArray() << QByteArray();
    QTest::newRow("chunk-too-large")
        << post(chunked, "10001\r\n") << 413 << QByteArray() << QByteArray();
    QTest::newRow("chunk-size-overflow")
        << post(chunked, "ffffffffffffffffffffffff\r\n") << 413 << QByteArray() << QByteArray();
    QTest::newRow("chunks-add-up-too-large")
        << post(chunked, "8000\r\n" + QByteArray(0x8000, 'a') + "\r\n8001\r\n") << 413
        << QByteArray() << QByteArray();
    QTest::newRow("bad-chunk-size")
        << post(chunked, "xyz\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("empty-chunk-size")
        << post(chunked, "\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("chunk-size-space")
        << post(chunked, "4 4\r\nabcd\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("chunk-without-crlf")
        << post(chunked, "3\r\nabcX\r\n0\r\n\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("chunk-bare-lf")
        << post(chunked, "3\nabc\r\n0\r\n\r\n") << 400 << QByteArray() << QByteArray();
    QTest::newRow("chunk-line-too-long") << post(chunked, "3;" + QByteArray(2000, 'x') + "\r\n")
                                         << 400 << QByteArray() << QByteArray();
    QTest::newRow("trailer-too-large")
        << post(chunked, "0\r\nX: " + QByteArray(17000, 'x') + "\r\n\r\n") << 431 << QByteArray()
        << QByteArray();

    QByteArray many = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 100; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("too-many-headers") << many + "\r\n" << 431 << QByteArray() << QByteArray();
    QTest::newRow("header-too-large")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(17000, 'x') + "\r\n\r\n")
        << 431 << QByteArray() << QByteArray();
    QTest::newRow("target-too-long")
        << get("/" + QByteArray(17000, 'x')) << 414 << QByteArray() << QByteArray();
}

void TestHttpRequestParser::parses()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    // Whole, and a byte at a time: the same outcome.
    for (const qsizetype step : {input.size() + 1, qsizetype(1), qsizetype(7)}) {
        const Outcome outcome = parse(input, step);
        QCOMPARE(outcome.status, status);
        if (status != 0)
            continue;
        QCOMPARE(outcome.request.target, target);
        QCOMPARE(outcome.request.body, body);
    }
}

void TestHttpRequestParser::stopsAtTheEndOfTheHead()
{
    const QByteArray head = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n";
    HttpRequestParser parser;
    QCOMPARE(parser.feed(head + "abc"), head.size());
    QCOMPARE(parser.state(), State::Body);
    QCOMPARE(parser.request().header("content-length"), QByteArray("3"));
    QCOMPARE(parser.rawHead(), QByteArrayView(head));
    QCOMPARE(parser.feed("abc"), 3);
    QCOMPARE(parser.state(), State::Complete);
    QCOMPARE(parser.takeRequest().body, QByteArray("abc"));
    QCOMPARE(parser.state(), State::Idle);
}

void TestHttpRequestParser::refusesAnOversizedBodyBeforeItArrives()
{
    // Refused at the end of the head, with the head known (the error's shape follows the path).
    const QByteArray head =
        "POST /rest/v1/rpc/x HTTP/1.1\r\nHost: a\r\nContent-Length: 134217728\r\n\r\n";
    HttpRequestParser parser;
    QCOMPARE(parser.feed(head + QByteArray(1000, 'x')), head.size());
    QCOMPARE(parser.state(), State::Failed);
    QCOMPARE(parser.error().status, 413);
    QCOMPARE(parser.error().code, QStringLiteral("payload_too_large"));
    QVERIFY(parser.hasHead());
    QCOMPARE(parser.request().path(), QByteArrayView("/rest/v1/rpc/x"));
    QCOMPARE(parser.feed("more"), 0);
}

void TestHttpRequestParser::pipelinedRequestsOneAtATime()
{
    const QByteArray first = post("Content-Length: 2\r\n", "{}");
    const QByteArray both = first + get("/metrics");
    HttpRequestParser parser;
    qsizetype offset = 0;
    QList<QByteArray> targets;
    while (offset < both.size()) {
        offset += parser.feed(QByteArrayView(both).sliced(offset));
        if (parser.state() == State::Complete)
            targets.append(parser.takeRequest().target);
    }
    QCOMPARE(targets, (QList<QByteArray> {"/functions/v1/rooms-create", "/metrics"}));
}

QTEST_APPLESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
