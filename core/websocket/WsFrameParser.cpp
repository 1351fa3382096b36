#include "websocket/WsFrameParser.h"

#include "websocket/WsMask.h"
#include "websocket/WsUtf8.h"

#include <QtEndian>

#include <cstring>
#include <utility>

namespace watchium::ws {

namespace {

constexpr uchar kFinBit = 0x80;
constexpr uchar kReservedBits = 0x70;
constexpr uchar kOpcodeBits = 0x0F;
constexpr uchar kMaskBit = 0x80;
constexpr uchar kLengthBits = 0x7F;
constexpr uchar kLength16 = 126;
constexpr uchar kLength64 = 127;
constexpr uchar kMaxControlPayload = 125;

bool isKnownOpcode(uchar opcode)
{
    switch (Opcode(opcode)) {
    case Opcode::Continuation:
    case Opcode::Text:
    case Opcode::Binary:
    case Opcode::Close:
    case Opcode::Ping:
    case Opcode::Pong:
        return true;
    }
    return false;
}

bool isControl(Opcode opcode)
{
    return quint8(opcode) & 0x08;
}

// 1004 is reserved and 1005, 1006 and 1015 name conditions that never travel in a frame
// (RFC 6455 section 7.4.1); 1012-1014 were registered with IANA after the RFC.
bool isReceivableCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
}

// The payload as the application sees it: one allocation, unmasked while copied.
QByteArray unmasked(QByteArrayView payload, bool masked, const uchar key[4])
{
    if (payload.isEmpty())
        return {};
    QByteArray out(payload.size(), Qt::Uninitialized);
    if (masked)
        applyMask(out.data(), payload.data(), payload.size(), key);
    else
        std::memcpy(out.data(), payload.data(), size_t(payload.size()));
    return out;
}

} // namespace

FrameParser::FrameParser(Role role, qsizetype maxMessageBytes)
    : m_role(role)
    , m_maxMessageBytes(maxMessageBytes)
{
}

bool FrameParser::feed(QByteArrayView bytes, const Sink &sink)
{
    if (m_closed || failed())
        return false;
    if (!m_pending.isEmpty()) {
        const qsizetype used = completePending(bytes, sink);
        if (used < 0)
            return false;
        if (m_closed || !m_pending.isEmpty())
            return true;
        bytes = bytes.sliced(used);
    }
    // The common case on a busy server: whole frames straight from the socket's bytes.
    while (!bytes.isEmpty()) {
        FrameHeader header;
        const HeaderState state = readHeader(bytes, &header);
        if (state == HeaderState::Failed)
            return false;
        if (state == HeaderState::Incomplete
            || bytes.size() - header.headerSize < header.payloadSize) {
            m_pending = bytes.toByteArray();
            return true;
        }
        if (!handleFrame(header, bytes.sliced(header.headerSize, header.payloadSize), sink))
            return false;
        if (m_closed)
            return true;
        bytes = bytes.sliced(header.headerSize + header.payloadSize);
    }
    return true;
}

// Moves bytes into m_pending only as far as the frame it holds needs, so a large read that
// finishes a frame is not copied whole. Returns the bytes used, or -1 on a violation.
qsizetype FrameParser::completePending(QByteArrayView bytes, const Sink &sink)
{
    qsizetype used = 0;
    for (;;) {
        FrameHeader header;
        const HeaderState state = readHeader(m_pending, &header);
        if (state == HeaderState::Failed)
            return -1;
        const qsizetype target = state == HeaderState::Complete
            ? header.headerSize + header.payloadSize
            : header.headerSize;
        const qsizetype take = qMin(target - m_pending.size(), bytes.size() - used);
        m_pending.append(bytes.sliced(used, take));
        used += take;
        if (m_pending.size() < target)
            return used;
        if (state == HeaderState::Complete) {
            const QByteArray frame = std::exchange(m_pending, QByteArray());
            const QByteArrayView payload = QByteArrayView(frame).sliced(header.headerSize);
            return handleFrame(header, payload, sink) ? used : -1;
        }
    }
}

// Everything the first two bytes can tell is checked before waiting for the rest, and in the
// same order however the bytes were split, so the error does not depend on the split.
FrameParser::HeaderState FrameParser::readHeader(QByteArrayView data, FrameHeader *header)
{
    header->headerSize = 2;
    if (data.size() < 2)
        return HeaderState::Incomplete;
    const auto *p = reinterpret_cast<const uchar *>(data.data());
    const uchar lengthField = p[1] & kLengthBits;
    header->fin = p[0] & kFinBit;
    header->masked = p[1] & kMaskBit;
    header->headerSize = 2 + (lengthField == kLength16 ? 2 : 0) + (lengthField == kLength64 ? 8 : 0)
        + (header->masked ? 4 : 0);

    if (p[0] & kReservedBits) {
        fail(close::ProtocolError, QStringLiteral("reserved bits set without an extension"));
        return HeaderState::Failed;
    }
    const uchar opcode = p[0] & kOpcodeBits;
    if (!isKnownOpcode(opcode)) {
        fail(close::ProtocolError, QStringLiteral("unknown opcode %1").arg(opcode));
        return HeaderState::Failed;
    }
    header->opcode = Opcode(opcode);
    if (header->masked != (m_role == Role::Server)) {
        fail(close::ProtocolError,
             m_role == Role::Server ? QStringLiteral("unmasked frame from a client")
                                    : QStringLiteral("masked frame from a server"));
        return HeaderState::Failed;
    }
    const bool messageOpen = m_messageOpcode != Opcode::Continuation;
    if (isControl(header->opcode)) {
        if (!header->fin || lengthField > kMaxControlPayload) {
            fail(close::ProtocolError, QStringLiteral("fragmented or long control frame"));
            return HeaderState::Failed;
        }
    } else if (header->opcode == Opcode::Continuation && !messageOpen) {
        fail(close::ProtocolError, QStringLiteral("continuation without a message"));
        return HeaderState::Failed;
    } else if (header->opcode != Opcode::Continuation && messageOpen) {
        fail(close::ProtocolError, QStringLiteral("new message inside a fragmented one"));
        return HeaderState::Failed;
    }

    if (data.size() < header->headerSize)
        return HeaderState::Incomplete;
    p += 2;
    quint64 length = lengthField;
    if (lengthField == kLength16) {
        length = qFromBigEndian<quint16>(p);
        p += 2;
    } else if (lengthField == kLength64) {
        length = qFromBigEndian<quint64>(p);
        p += 8;
        if (length >> 63) {
            fail(close::ProtocolError, QStringLiteral("64-bit length with its top bit set"));
            return HeaderState::Failed;
        }
    }
    // Refused here, from the claim alone, so that a huge length never costs memory.
    const qsizetype room = m_maxMessageBytes - m_message.size();
    if (!isControl(header->opcode) && length > quint64(qMax<qsizetype>(room, 0))) {
        fail(close::TooBig, QStringLiteral("message over %1 bytes").arg(m_maxMessageBytes));
        return HeaderState::Failed;
    }
    header->payloadSize = qsizetype(length);
    if (header->masked)
        std::memcpy(header->maskKey, p, 4);
    return HeaderState::Complete;
}

bool FrameParser::handleFrame(const FrameHeader &header, QByteArrayView payload, const Sink &sink)
{
    switch (header.opcode) {
    case Opcode::Text:
    case Opcode::Binary:
        if (header.fin)
            return deliverMessage(header.opcode, unmasked(payload, header.masked, header.maskKey),
                                  sink);
        m_messageOpcode = header.opcode;
        m_message = unmasked(payload, header.masked, header.maskKey);
        return true;
    case Opcode::Continuation: {
        const qsizetype offset = m_message.size();
        m_message.resize(offset + payload.size());
        if (header.masked)
            applyMask(m_message.data() + offset, payload.data(), payload.size(), header.maskKey);
        else if (!payload.isEmpty())
            std::memcpy(m_message.data() + offset, payload.data(), size_t(payload.size()));
        if (!header.fin)
            return true;
        return deliverMessage(std::exchange(m_messageOpcode, Opcode::Continuation),
                              std::exchange(m_message, QByteArray()), sink);
    }
    case Opcode::Ping:
    case Opcode::Pong: {
        Event event;
        event.kind = header.opcode == Opcode::Ping ? Event::Kind::Ping : Event::Kind::Pong;
        event.payload = unmasked(payload, header.masked, header.maskKey);
        sink(std::move(event));
        return true;
    }
    case Opcode::Close:
        return handleClose(unmasked(payload, header.masked, header.maskKey), sink);
    }
    Q_UNREACHABLE();
    return false;
}

bool FrameParser::deliverMessage(Opcode opcode, QByteArray &&message, const Sink &sink)
{
    if (opcode == Opcode::Text && !utf8::isValid(message))
        return fail(close::InvalidPayload, QStringLiteral("text message is not valid UTF-8"));
    Event event;
    event.kind = opcode == Opcode::Text ? Event::Kind::Text : Event::Kind::Binary;
    event.payload = std::move(message);
    sink(std::move(event));
    return true;
}

bool FrameParser::handleClose(QByteArray &&body, const Sink &sink)
{
    Event event;
    event.kind = Event::Kind::Close;
    if (body.size() == 1)
        return fail(close::ProtocolError, QStringLiteral("close frame with a 1-byte payload"));
    if (body.size() >= 2) {
        event.closeCode = qFromBigEndian<quint16>(body.constData());
        if (!isReceivableCloseCode(event.closeCode))
            return fail(close::ProtocolError,
                        QStringLiteral("close code %1 may not be sent").arg(event.closeCode));
        event.closeReason = body.sliced(2);
        if (!utf8::isValid(event.closeReason))
            return fail(close::InvalidPayload, QStringLiteral("close reason is not valid UTF-8"));
    }
    m_closed = true;
    releaseBuffers();
    sink(std::move(event));
    return true;
}

// QByteArray() rather than clear(): clear() keeps the capacity, and ten thousand idle
// connections must hold nothing.
void FrameParser::releaseBuffers()
{
    m_pending = QByteArray();
    m_message = QByteArray();
    m_messageOpcode = Opcode::Continuation;
}

bool FrameParser::fail(quint16 code, const QString &reason)
{
    m_errorCode = code;
    m_errorReason = reason;
    releaseBuffers();
    return false;
}

} // namespace watchium::ws
