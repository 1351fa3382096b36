#include "websocket/WsFrameParser.h"

#include <QTest>

#include <optional>

using namespace watchium::ws;

Q_DECLARE_METATYPE(Opcode)
Q_DECLARE_METATYPE(FrameParser::Event::Kind)

namespace {

// The one event a frame parses to, or nothing when the parser refuses it.
std::optional<FrameParser::Event> parseOne(const QByteArray &frame, bool masked,
                                           qsizetype limit = 64 * 1024)
{
    FrameParser parser(masked ? FrameParser::Role::Server : FrameParser::Role::Client, limit);
    std::optional<FrameParser::Event> event;
    int count = 0;
    const bool ok = parser.feed(frame, [&](FrameParser::Event &&e) {
        event = std::move(e);
        ++count;
    });
    if (!ok || count != 1 || parser.bufferedBytes() != 0)
        return std::nullopt;
    return event;
}

} // namespace

class TestWsFrameWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headerSize_data();
    void headerSize();
    void rfcExamples();
    void roundTrip_data();
    void roundTrip();
    void closeFrame_data();
    void closeFrame();
};

void TestWsFrameWriter::headerSize_data()
{
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<bool>("masked");
    QTest::addColumn<qsizetype>("header");
    QTest::addColumn<int>("lengthField"); // the 7-bit length in the second byte
    const auto rows = {std::pair<qsizetype, qsizetype> {0, 2},
                       {125, 2},
                       {126, 4},
                       {65535, 4},
                       {65536, 10},
                       {1 << 20, 10}};
    for (const auto &[length, header] : rows) {
        const int field = length <= 125 ? int(length) : length <= 65535 ? 126 : 127;
        QTest::addRow("%lld", qlonglong(length)) << length << false << header << field;
        QTest::addRow("%lld-masked", qlonglong(length)) << length << true << header + 4 << field;
    }
}

void TestWsFrameWriter::headerSize()
{
    QFETCH(qsizetype, length);
    QFETCH(bool, masked);
    QFETCH(qsizetype, header);
    QFETCH(int, lengthField);
    QCOMPARE(FrameWriter::headerSize(length, masked), header);
    const QByteArray frame = FrameWriter::frame(Opcode::Binary, QByteArray(length, 'x'),
                                                masked ? std::optional<quint32>(1) : std::nullopt);
    QCOMPARE(frame.size(), header + length);
    QCOMPARE(uchar(frame[0]), uchar(0x82));
    QCOMPARE(uchar(frame[1]) & 0x7F, lengthField);
    QCOMPARE(bool(uchar(frame[1]) & 0x80), masked);
    // The extended length, big-endian, holds the whole length.
    quint64 extended = 0;
    for (qsizetype i = 2; i < header - (masked ? 4 : 0); ++i)
        extended = (extended << 8) | uchar(frame[i]);
    QCOMPARE(lengthField < 126 ? quint64(lengthField) : extended, quint64(length));
}

void TestWsFrameWriter::rfcExamples()
{
    // RFC 6455 section 5.7: the key 37 fa 21 3d goes on the wire in that order.
    QCOMPARE(FrameWriter::frame(Opcode::Text, "Hello").toHex(), QByteArray("810548656c6c6f"));
    QCOMPARE(FrameWriter::frame(Opcode::Text, "Hello", 0x37fa213d).toHex(),
             QByteArray("818537fa213d7f9f4d5158"));
    QCOMPARE(FrameWriter::frame(Opcode::Pong, "Hello", 0x37fa213d).toHex(),
             QByteArray("8a8537fa213d7f9f4d5158"));
}

void TestWsFrameWriter::roundTrip_data()
{
    using Kind = FrameParser::Event::Kind;
    QTest::addColumn<Opcode>("opcode");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<std::optional<quint32>>("key");
    const std::optional<quint32> keys[] = {std::nullopt, 0u, 0x12345678u, 0xFFFFFFFFu};
    for (const auto &key : keys) {
        const QByteArray keyName = key ? QByteArray::number(*key, 16) : QByteArray("none");
        for (qsizetype length : {0, 1, 7, 8, 9, 125, 126, 65535, 65536}) {
            QTest::addRow("binary-%lld-key-%s", qlonglong(length), keyName.constData())
                << Opcode::Binary << Kind::Binary << length << key;
        }
        const char *name = keyName.constData();
        QTest::addRow("text-key-%s", name) << Opcode::Text << Kind::Text << qsizetype(31) << key;
        QTest::addRow("ping-key-%s", name) << Opcode::Ping << Kind::Ping << qsizetype(125) << key;
        QTest::addRow("pong-key-%s", name) << Opcode::Pong << Kind::Pong << qsizetype(3) << key;
    }
}

void TestWsFrameWriter::roundTrip()
{
    QFETCH(Opcode, opcode);
    QFETCH(FrameParser::Event::Kind, kind);
    QFETCH(qsizetype, length);
    QFETCH(std::optional<quint32>, key);
    QByteArray payload(length, Qt::Uninitialized);
    for (qsizetype i = 0; i < length; ++i)
        payload[i] = char('a' + i % 26); // ASCII, so valid as text too
    const auto event = parseOne(FrameWriter::frame(opcode, payload, key), key.has_value());
    QVERIFY(event);
    QCOMPARE(event->kind, kind);
    QCOMPARE(event->payload, payload);
}

void TestWsFrameWriter::closeFrame_data()
{
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<qsizetype>("keptBytes");
    QTest::newRow("empty") << QByteArray() << qsizetype(0);
    QTest::newRow("short") << QByteArray("room closed") << qsizetype(11);
    QTest::newRow("ascii-123") << QByteArray(123, 'a') << qsizetype(123);
    QTest::newRow("ascii-200") << QByteArray(200, 'a') << qsizetype(123);
    // 61 two-byte characters fit in 122 bytes; the 62nd would straddle the limit.
    QTest::newRow("two-byte") << QByteArray("\xc3\xa9").repeated(100) << qsizetype(122);
    QTest::newRow("three-byte-exact") << QByteArray("\xe2\x82\xac").repeated(41) << qsizetype(123);
    QTest::newRow("three-byte-over") << QByteArray("\xe2\x82\xac").repeated(42) << qsizetype(123);
    QTest::newRow("four-byte") << QByteArray("\xf0\x9d\x84\x9e").repeated(40) << qsizetype(120);
    QTest::newRow("mixed-cut") << QByteArray(121, 'a') + "\xf0\x9d\x84\x9e" << qsizetype(121);
}

void TestWsFrameWriter::closeFrame()
{
    QFETCH(QByteArray, reason);
    QFETCH(qsizetype, keptBytes);
    for (const auto &key : {std::optional<quint32>(), std::optional<quint32>(0xA1B2C3D4)}) {
        const QByteArray frame = FrameWriter::closeFrame(close::GoingAway, reason, key);
        QCOMPARE(frame.size(),
                 FrameWriter::headerSize(2 + keptBytes, key.has_value()) + 2 + keptBytes);
        // The parser checks the code and that the reason is valid UTF-8.
        const auto event = parseOne(frame, key.has_value());
        QVERIFY(event);
        QCOMPARE(event->kind, FrameParser::Event::Kind::Close);
        QCOMPARE(event->closeCode, close::GoingAway);
        QCOMPARE(event->closeReason, reason.first(keptBytes));
    }
}

QTEST_GUILESS_MAIN(TestWsFrameWriter)
#include "tst_wsframewriter.moc"
