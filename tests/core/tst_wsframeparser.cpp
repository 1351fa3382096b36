#include "websocket/WsFrameParser.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace watchium::ws;
using Kind = FrameParser::Event::Kind;
using Role = FrameParser::Role;

Q_DECLARE_METATYPE(Role)

namespace {

// The masking key of the RFC 6455 section 5.7 examples.
constexpr quint32 kKey = 0x37fa213d;
constexpr qsizetype kDefaultLimit = 64 * 1024;

// A frame as a client sends it, with its first byte (FIN, RSV, opcode) replaced when asked:
// the writer only makes well-formed frames, and most rows here are not.
QByteArray masked(Opcode opcode, QByteArrayView payload, int firstByte = -1)
{
    QByteArray frame = FrameWriter::frame(opcode, payload, kKey);
    if (firstByte >= 0)
        frame[0] = char(firstByte);
    return frame;
}

QByteArray fragment(Opcode opcode, QByteArrayView payload, bool fin)
{
    return masked(opcode, payload, (fin ? 0x80 : 0x00) | int(opcode));
}

QByteArray closePayload(quint16 code, QByteArrayView reason = {})
{
    QByteArray payload(2, Qt::Uninitialized);
    payload[0] = char(code >> 8);
    payload[1] = char(code & 0xFF);
    return payload + reason.toByteArray();
}

QString line(Kind kind, const QByteArray &payload)
{
    static const char *const names[] = {"text", "binary", "ping", "pong", "close"};
    // Long payloads by size and digest, so a failing comparison stays readable.
    const QByteArray shown = payload.size() <= 32 ? payload.toHex()
                                                  : QByteArray::number(payload.size())
            + "b:" + QCryptographicHash::hash(payload, QCryptographicHash::Sha1).toHex().left(12);
    return QStringLiteral("%1:%2").arg(QLatin1String(names[int(kind)]), QString::fromLatin1(shown));
}

QString closeLine(quint16 code, const QByteArray &reason = {})
{
    return QStringLiteral("close:%1:%2").arg(code).arg(QString::fromLatin1(reason.toHex()));
}

QString failLine(quint16 code)
{
    return QStringLiteral("fail:%1").arg(code);
}

// What a parser made of `chunks` fed in turn: one line an event, then how it failed.
QStringList transcript(Role role, qsizetype limit, const QList<QByteArrayView> &chunks,
                       qsizetype *buffered = nullptr)
{
    FrameParser parser(role, limit);
    QStringList out;
    const FrameParser::Sink sink = [&](FrameParser::Event &&e) {
        out << (e.kind == Kind::Close ? closeLine(e.closeCode, e.closeReason)
                                      : line(e.kind, e.payload));
    };
    for (const QByteArrayView chunk : chunks) {
        if (!parser.feed(chunk, sink))
            break;
    }
    if (parser.failed())
        out << failLine(parser.errorCode());
    if (buffered)
        *buffered = parser.bufferedBytes();
    return out;
}

QList<QByteArrayView> byteByByte(QByteArrayView input)
{
    QList<QByteArrayView> chunks;
    for (qsizetype i = 0; i < input.size(); ++i)
        chunks << input.sliced(i, 1);
    return chunks;
}

QList<QByteArrayView> randomSplit(QByteArrayView input, QRandomGenerator &rng)
{
    QList<QByteArrayView> chunks;
    while (!input.isEmpty()) {
        const qsizetype size = 1 + rng.bounded(qMin<qsizetype>(input.size(), 40));
        chunks << input.first(size);
        input = input.sliced(size);
    }
    return chunks;
}

// Each way of splitting the input must give the same events and the same error.
void compareAllSplits(Role role, qsizetype limit, const QByteArray &input,
                      const QStringList &expected)
{
    qsizetype buffered = -1;
    QCOMPARE(transcript(role, limit, {input}, &buffered), expected);
    QCOMPARE(buffered, 0);
    QCOMPARE(transcript(role, limit, byteByByte(input)), expected);
    QRandomGenerator rng(6455);
    for (int round = 0; round < 10; ++round)
        QCOMPARE(transcript(role, limit, randomSplit(input, rng)), expected);
}

} // namespace

class TestWsFrameParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void utf8_data();
    void utf8();
    void closeCodes_data();
    void closeCodes();
    void hugeLengthClaimNeverBuffers();
    void buffersOnlyWhatIsIncomplete();
    void stopsAfterClose();
    void stopsAfterError();
    void fuzz_data();
    void fuzz();
};

void TestWsFrameParser::parse_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    const QByteArray hello = "Hello";
    const QByteArray bytes256 = QByteArray(256, '\x5a');
    const QByteArray bytes64k = QByteArray(65536, '\xa5');
    const auto row = [](const char *name, Role role, const QByteArray &input,
                        const QStringList &expected, qsizetype limit = kDefaultLimit) {
        QTest::newRow(name) << role << limit << input << expected;
    };
    const QString helloText = line(Kind::Text, hello);

    // RFC 6455 section 5.7, byte for byte.
    row("rfc-unmasked-text", Role::Client, QByteArray::fromHex("810548656c6c6f"), {helloText});
    row("rfc-masked-text", Role::Server, QByteArray::fromHex("818537fa213d7f9f4d5158"),
        {helloText});
    row("rfc-fragmented-text", Role::Client, QByteArray::fromHex("010348656c80026c6f"),
        {helloText});
    row("rfc-unmasked-ping", Role::Client, QByteArray::fromHex("890548656c6c6f"),
        {line(Kind::Ping, hello)});
    row("rfc-masked-pong", Role::Server, QByteArray::fromHex("8a8537fa213d7f9f4d5158"),
        {line(Kind::Pong, hello)});
    row("rfc-256-binary", Role::Client, QByteArray::fromHex("827e0100") + bytes256,
        {line(Kind::Binary, bytes256)});
    row("rfc-64k-binary", Role::Client, QByteArray::fromHex("827f0000000000010000") + bytes64k,
        {line(Kind::Binary, bytes64k)});

    row("empty-text", Role::Server, masked(Opcode::Text, ""), {line(Kind::Text, "")});
    row("empty-fragments", Role::Server,
        fragment(Opcode::Binary, "", false) + fragment(Opcode::Continuation, "", true),
        {line(Kind::Binary, "")});
    row("three-fragments", Role::Server,
        fragment(Opcode::Binary, "ab", false) + fragment(Opcode::Continuation, "cd", false)
            + fragment(Opcode::Continuation, "ef", true),
        {line(Kind::Binary, "abcdef")});
    row("ping-between-fragments", Role::Server,
        fragment(Opcode::Text, "Hel", false) + masked(Opcode::Ping, "p")
            + fragment(Opcode::Continuation, "lo", true),
        {line(Kind::Ping, "p"), helloText});
    row("close-between-fragments", Role::Server,
        fragment(Opcode::Text, "Hel", false) + masked(Opcode::Close, closePayload(1000)),
        {closeLine(1000)});
    row("close-no-payload", Role::Server, masked(Opcode::Close, ""), {closeLine(close::NoStatus)});
    row("close-reason", Role::Server, masked(Opcode::Close, closePayload(1001, "bye \xc3\xa9")),
        {closeLine(1001, "bye \xc3\xa9")});
    row("bytes-after-close-ignored", Role::Server,
        masked(Opcode::Close, closePayload(1000)) + masked(Opcode::Text, "late") + "garbage",
        {closeLine(1000)});
    row("events-before-violation", Role::Server,
        masked(Opcode::Text, hello) + masked(Opcode::Text, "x", 0xC1),
        {helloText, failLine(close::ProtocolError)});
    row("limit-exact", Role::Server, masked(Opcode::Binary, "12345678"),
        {line(Kind::Binary, "12345678")}, 8);
    row("control-125", Role::Server, masked(Opcode::Ping, QByteArray(125, 'p')),
        {line(Kind::Ping, QByteArray(125, 'p'))});

    const QStringList protocolError {failLine(close::ProtocolError)};
    row("rsv1", Role::Server, masked(Opcode::Text, hello, 0xC1), protocolError);
    row("rsv2", Role::Server, masked(Opcode::Text, hello, 0xA1), protocolError);
    row("rsv3", Role::Server, masked(Opcode::Text, hello, 0x91), protocolError);
    row("opcode-3", Role::Server, masked(Opcode(0x3), hello), protocolError);
    row("opcode-b", Role::Server, masked(Opcode(0xB), hello), protocolError);
    row("unmasked-from-client", Role::Server, FrameWriter::frame(Opcode::Text, hello),
        protocolError);
    row("masked-from-server", Role::Client, masked(Opcode::Text, hello), protocolError);
    row("length-top-bit", Role::Server, QByteArray::fromHex("82ff8000000000000001") + "mask",
        protocolError);
    row("ping-not-fin", Role::Server, masked(Opcode::Ping, "p", 0x09), protocolError);
    row("close-not-fin", Role::Server, masked(Opcode::Close, closePayload(1000), 0x08),
        protocolError);
    row("ping-126", Role::Server, masked(Opcode::Ping, QByteArray(126, 'p')), protocolError);
    row("continuation-first", Role::Server, fragment(Opcode::Continuation, "x", true),
        protocolError);
    row("continuation-after-end", Role::Server,
        masked(Opcode::Text, "a") + fragment(Opcode::Continuation, "b", true),
        {line(Kind::Text, "a"), failLine(close::ProtocolError)});
    row("text-inside-fragmented", Role::Server,
        fragment(Opcode::Text, "a", false) + masked(Opcode::Text, "b"), protocolError);
    row("binary-inside-fragmented", Role::Server,
        fragment(Opcode::Text, "a", false) + fragment(Opcode::Binary, "b", false), protocolError);
    row("close-one-byte", Role::Server, masked(Opcode::Close, "\x03"), protocolError);
    row("close-reason-invalid", Role::Server, masked(Opcode::Close, closePayload(1000, "\xc3\x28")),
        {failLine(close::InvalidPayload)});

    const QStringList tooBig {failLine(close::TooBig)};
    row("over-limit", Role::Server, masked(Opcode::Binary, "123456789"), tooBig, 8);
    row("over-limit-16bit", Role::Client, QByteArray::fromHex("827e0100") + bytes256, tooBig, 255);
    row("over-limit-64k", Role::Client,
        QByteArray::fromHex("827f0000000000010001") + bytes64k + "x", tooBig);
    row("fragments-over-limit", Role::Server,
        fragment(Opcode::Text, "Hello", false) + fragment(Opcode::Continuation, "World", true),
        tooBig, 8);
}

void TestWsFrameParser::parse()
{
    QFETCH(Role, role);
    QFETCH(qsizetype, limit);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    compareAllSplits(role, limit, input, expected);
}

void TestWsFrameParser::utf8_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("Hello, world") << true;
    QTest::newRow("two-byte") << QByteArray("caf\xc3\xa9") << true;
    QTest::newRow("three-byte") << QByteArray("\xe2\x82\xac") << true;
    QTest::newRow("four-byte") << QByteArray("\xf0\x9d\x84\x9e") << true;
    QTest::newRow("kosme") << QByteArray("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5") << true;
    QTest::newRow("last-before-surrogates") << QByteArray("\xed\x9f\xbf") << true;
    QTest::newRow("first-after-surrogates") << QByteArray("\xee\x80\x80") << true;
    QTest::newRow("max-code-point") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("ascii-run-then-multibyte") << QByteArray("abcdefghij\xc3\xa9klmnopq") << true;
    QTest::newRow("lone-continuation") << QByteArray("\x80") << false;
    QTest::newRow("overlong-c0") << QByteArray("\xc0\x80") << false;
    QTest::newRow("overlong-c1") << QByteArray("\xc1\xbf") << false;
    QTest::newRow("overlong-e0") << QByteArray("\xe0\x9f\xbf") << false;
    QTest::newRow("overlong-f0") << QByteArray("\xf0\x8f\xbf\xbf") << false;
    QTest::newRow("surrogate-high") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("surrogate-low") << QByteArray("\xed\xbf\xbf") << false;
    QTest::newRow("above-max") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("lead-f5") << QByteArray("\xf5\x80\x80\x80") << false;
    QTest::newRow("byte-ff") << QByteArray("\xff") << false;
    QTest::newRow("truncated-two") << QByteArray("ab\xc3") << false;
    QTest::newRow("truncated-three") << QByteArray("\xe2\x82") << false;
    QTest::newRow("truncated-four") << QByteArray("\xf0\x9d\x84") << false;
    QTest::newRow("bad-continuation") << QByteArray("\xe2\x82\x41") << false;
    QTest::newRow("invalid-after-ascii-run") << QByteArray("abcdefgh\xff") << false;
}

// Whole in one frame, then cut into two fragments at every byte: a sequence may straddle
// fragments, and only the complete message counts.
void TestWsFrameParser::utf8()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    const QStringList expected {valid ? line(Kind::Text, text) : failLine(close::InvalidPayload)};
    compareAllSplits(Role::Server, kDefaultLimit, masked(Opcode::Text, text), expected);
    if (QTest::currentTestFailed())
        return;
    for (qsizetype cut = 0; cut <= text.size(); ++cut) {
        const QByteArray input = fragment(Opcode::Text, text.first(cut), false)
            + fragment(Opcode::Continuation, text.sliced(cut), true);
        QCOMPARE(transcript(Role::Server, kDefaultLimit, {input}), expected);
    }
}

void TestWsFrameParser::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("valid");
    for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
                     3999, 4000, 4999})
        QTest::addRow("valid-%d", code) << code << true;
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        QTest::addRow("invalid-%d", code) << code << false;
}

void TestWsFrameParser::closeCodes()
{
    QFETCH(int, code);
    QFETCH(bool, valid);
    const QByteArray input = masked(Opcode::Close, closePayload(quint16(code), "why"));
    const QStringList expected {valid ? closeLine(quint16(code), "why")
                                      : failLine(close::ProtocolError)};
    compareAllSplits(Role::Server, kDefaultLimit, input, expected);
}

void TestWsFrameParser::hugeLengthClaimNeverBuffers()
{
    // A 2 GiB binary frame announced in a 64-bit length: refused from its 14-byte header.
    const QByteArray header = QByteArray::fromHex("82ff0000000080000000") + "mask";
    FrameParser parser(Role::Server);
    const auto sink = [](FrameParser::Event &&) {
        QFAIL("no event expected");
    };
    for (qsizetype i = 0; i + 1 < header.size(); ++i) {
        QVERIFY(parser.feed(header.sliced(i, 1), sink));
        QVERIFY(parser.bufferedBytes() <= i + 1);
    }
    QVERIFY(!parser.feed(header.sliced(header.size() - 1) + QByteArray(4096, 'x'), sink));
    QCOMPARE(parser.errorCode(), close::TooBig);
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestWsFrameParser::buffersOnlyWhatIsIncomplete()
{
    FrameParser parser(Role::Server);
    QStringList events;
    const auto sink = [&](FrameParser::Event &&e) {
        events << line(e.kind, e.payload);
    };
    const QByteArray first = fragment(Opcode::Binary, QByteArray(100, 'a'), false);
    const QByteArray last = fragment(Opcode::Continuation, QByteArray(50, 'b'), true);

    // A frame that claims more than has arrived holds only what arrived.
    QVERIFY(parser.feed(first.first(30), sink));
    QCOMPARE(parser.bufferedBytes(), 30);
    // The first fragment complete: its payload, unmasked, is all that is held.
    QVERIFY(parser.feed(first.sliced(30) + last.first(3), sink));
    QCOMPARE(parser.bufferedBytes(), 100 + 3);
    QVERIFY(parser.feed(last.sliced(3), sink));
    QCOMPARE(events, QStringList {line(Kind::Binary, QByteArray(100, 'a') + QByteArray(50, 'b'))});
    QCOMPARE(parser.bufferedBytes(), 0);
    QVERIFY(!parser.failed());
}

void TestWsFrameParser::stopsAfterClose()
{
    FrameParser parser(Role::Server);
    int events = 0;
    const auto sink = [&](FrameParser::Event &&) {
        ++events;
    };
    QVERIFY(
        parser.feed(masked(Opcode::Close, closePayload(1000)) + masked(Opcode::Ping, ""), sink));
    QCOMPARE(events, 1);
    QVERIFY(!parser.feed(masked(Opcode::Ping, ""), sink));
    QCOMPARE(events, 1);
    QVERIFY(!parser.failed());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestWsFrameParser::stopsAfterError()
{
    FrameParser parser(Role::Server);
    int events = 0;
    const auto sink = [&](FrameParser::Event &&) {
        ++events;
    };
    QVERIFY(!parser.feed(FrameWriter::frame(Opcode::Text, "unmasked"), sink));
    QCOMPARE(parser.errorCode(), close::ProtocolError);
    QVERIFY(!parser.errorReason().isEmpty());
    QVERIFY(!parser.feed(masked(Opcode::Ping, ""), sink));
    QCOMPARE(events, 0);
}

void TestWsFrameParser::fuzz_data()
{
    QTest::addColumn<bool>("framed");
    QTest::newRow("random-bytes") << false;
    QTest::newRow("random-frames") << true;
}

// Random input must end in events or a clean failure, the same however it is split.
void TestWsFrameParser::fuzz()
{
    QFETCH(bool, framed);
    QRandomGenerator rng(framed ? 20 : 10);
    static const uchar firstBytes[] = {0x81, 0x82, 0x01, 0x02, 0x00, 0x80,
                                       0x88, 0x89, 0x8a, 0xc1, 0x83};
    int withEvents = 0;
    for (int i = 0; i < 1000; ++i) {
        QByteArray input;
        if (framed) {
            for (int frames = 1 + rng.bounded(4); frames > 0; --frames) {
                QByteArray payload(rng.bounded(20), Qt::Uninitialized);
                for (char &c : payload)
                    c = char(rng.bounded(rng.bounded(2) ? 0x80 : 0x100));
                input +=
                    masked(Opcode::Text, payload, firstBytes[rng.bounded(int(sizeof firstBytes))]);
            }
        } else {
            input.resize(rng.bounded(64));
            for (char &c : input)
                c = char(rng.bounded(0x100));
        }
        const QStringList whole = transcript(Role::Server, 1024, {input});
        QCOMPARE(transcript(Role::Server, 1024, byteByByte(input)), whole);
        if (!whole.isEmpty() && whole.last().startsWith(u"fail:")) {
            const QString code = whole.last().mid(5);
            QVERIFY2(code == u"1002" || code == u"1007" || code == u"1009", qPrintable(code));
        }
        if (!whole.isEmpty() && !whole.first().startsWith(u"fail:"))
            ++withEvents;
    }
    // Random frames must reach past the header checks often enough to test something.
    QVERIFY2(!framed || withEvents > 200, qPrintable(QString::number(withEvents)));
}

QTEST_GUILESS_MAIN(TestWsFrameParser)
#include "tst_wsframeparser.moc"
