// The WebSocket frame parser, mostly as the server runs it (masked frames from a client).
// Input: a flags byte (role, message limit), a count n and n chunk sizes, then the stream.
// Checked: every event within the limits and well formed; the same events and the same error
// whether the stream arrives at once or in the chunks; what the parser holds never exceeds
// one message and one control frame; the events, written again with FrameWriter, parse back
// to themselves.
#include "FuzzSupport.h"

#include "websocket/WsFrame.h"
#include "websocket/WsFrameParser.h"
#include "websocket/WsUtf8.h"

#include <QList>

using watchium::fuzz::InputReader;
using watchium::ws::FrameParser;
using watchium::ws::FrameWriter;
using watchium::ws::Opcode;
namespace wsclose = watchium::ws::close;
namespace utf8 = watchium::ws::utf8;

namespace {

using Event = FrameParser::Event;

constexpr qsizetype kMaxHeader = 14;
constexpr qsizetype kMaxControlPayload = 125;
constexpr qsizetype kLimits[] = {64 * 1024, 200, 7, 0};
constexpr quint32 kMaskKey = 0x5a17c3e9;

struct Outcome
{
    QList<Event> events;
    bool failed = false;
    quint16 errorCode = 0;
    QString errorReason;
    qsizetype buffered = 0;
};

bool sameEvent(const Event &a, const Event &b)
{
    return a.kind == b.kind && a.payload == b.payload && a.closeCode == b.closeCode
        && a.closeReason == b.closeReason;
}

bool sameEvents(const QList<Event> &a, const QList<Event> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameEvent);
}

void checkEvent(const Event &e, qsizetype limit)
{
    switch (e.kind) {
    case Event::Kind::Text:
        FUZZ_CHECK(utf8::isValid(e.payload));
        [[fallthrough]];
    case Event::Kind::Binary:
        FUZZ_CHECK(e.payload.size() <= limit);
        break;
    case Event::Kind::Ping:
    case Event::Kind::Pong:
        FUZZ_CHECK(e.payload.size() <= kMaxControlPayload);
        break;
    case Event::Kind::Close:
        FUZZ_CHECK(e.closeReason.size() <= kMaxControlPayload - 2);
        FUZZ_CHECK(utf8::isValid(e.closeReason));
        FUZZ_CHECK(e.closeCode != wsclose::NoStatus || e.closeReason.isEmpty());
        FUZZ_CHECK(e.closeCode >= 1000 && e.closeCode <= 4999);
        break;
    }
    if (e.kind != Event::Kind::Close)
        FUZZ_CHECK(e.closeReason.isEmpty());
}

// Feeds `stream` in pieces of the sizes in `chunks` (cycled; all at once when empty).
Outcome run(FrameParser::Role role, qsizetype limit, QByteArrayView stream, QByteArrayView chunks)
{
    FrameParser parser(role, limit);
    Outcome out;
    const FrameParser::Sink sink = [&](Event &&e) {
        checkEvent(e, limit);
        // Nothing follows a Close.
        FUZZ_CHECK(out.events.isEmpty() || out.events.last().kind != Event::Kind::Close);
        out.events.append(std::move(e));
    };
    qsizetype at = 0;
    for (qsizetype i = 0; at < stream.size() || i == 0; ++i) {
        qsizetype n = stream.size() - at;
        if (!chunks.isEmpty())
            n = qMin(n, qsizetype(quint8(chunks[i % chunks.size()])) + 1);
        const bool ok = parser.feed(stream.sliced(at, n), sink);
        at += n;
        // An incomplete data frame is refused before its payload is held, so the parser holds
        // at most the message so far and one incomplete frame.
        FUZZ_CHECK(parser.bufferedBytes() <= limit + kMaxHeader + kMaxControlPayload);
        if (!ok)
            break;
    }
    out.failed = parser.failed();
    out.errorCode = parser.errorCode();
    out.errorReason = parser.errorReason();
    out.buffered = parser.bufferedBytes();
    if (out.failed) {
        FUZZ_CHECK(out.errorCode == wsclose::ProtocolError
                   || out.errorCode == wsclose::InvalidPayload || out.errorCode == wsclose::TooBig);
        FUZZ_CHECK(out.buffered == 0);
        FUZZ_CHECK(!parser.feed("\x81\x80\0\0\0\0", sink));
    }
    return out;
}

QByteArray written(const QList<Event> &events, FrameParser::Role role)
{
    // Indexed by Event::Kind.
    constexpr Opcode kOpcodes[] = {Opcode::Text, Opcode::Binary, Opcode::Ping, Opcode::Pong,
                                   Opcode::Close};
    const std::optional<quint32> mask =
        role == FrameParser::Role::Server ? std::optional(kMaskKey) : std::nullopt;
    QByteArray out;
    for (const Event &e : events) {
        if (e.kind == Event::Kind::Close && e.closeCode != wsclose::NoStatus)
            out += FrameWriter::closeFrame(e.closeCode, e.closeReason, mask);
        else
            out += FrameWriter::frame(kOpcodes[int(e.kind)], e.payload, mask);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputReader input(data, size);
    const quint8 flags = input.byte();
    // The server's side is the exposed one: three inputs in four parse as the server.
    const auto role = (flags & 3) == 3 ? FrameParser::Role::Client : FrameParser::Role::Server;
    const qsizetype limit = kLimits[(flags >> 2) & 3];
    const QByteArrayView chunks = input.bytes(input.byte());
    const QByteArrayView stream = input.rest();

    const Outcome whole = run(role, limit, stream, {});
    const Outcome split = run(role, limit, stream, chunks);
    FUZZ_CHECK(sameEvents(whole.events, split.events));
    FUZZ_CHECK(whole.failed == split.failed);
    FUZZ_CHECK(whole.errorCode == split.errorCode);
    FUZZ_CHECK(whole.errorReason == split.errorReason);
    FUZZ_CHECK(whole.buffered == split.buffered);

    const Outcome again = run(role, limit, written(whole.events, role), {});
    FUZZ_CHECK(!again.failed);
    FUZZ_CHECK(again.buffered == 0);
    FUZZ_CHECK(sameEvents(again.events, whole.events));
    return 0;
}
