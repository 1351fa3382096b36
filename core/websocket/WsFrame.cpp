#include "websocket/WsFrame.h"

#include "websocket/WsMask.h"
#include "websocket/WsUtf8.h"

#include <QtEndian>

#include <cstring>

namespace watchium::ws {

namespace {

// RFC 6455 section 5.2: lengths up to 125 fit the 7-bit field; 126 and 127 announce a 16-bit
// and a 64-bit length after it.
constexpr qsizetype kMax7BitLength = 125;
constexpr qsizetype kMax16BitLength = 0xFFFF;
constexpr qsizetype kMaxControlPayload = 125;

} // namespace

qsizetype FrameWriter::headerSize(qsizetype payloadLength, bool masked)
{
    qsizetype size = 2;
    if (payloadLength > kMax16BitLength)
        size += 8;
    else if (payloadLength > kMax7BitLength)
        size += 2;
    return masked ? size + 4 : size;
}

QByteArray FrameWriter::frame(Opcode opcode, QByteArrayView payload, std::optional<quint32> maskKey)
{
    const qsizetype length = payload.size();
    const qsizetype header = headerSize(length, maskKey.has_value());
    QByteArray out(header + length, Qt::Uninitialized);
    auto *p = reinterpret_cast<uchar *>(out.data());
    *p++ = 0x80 | uchar(opcode);
    const uchar maskBit = maskKey ? 0x80 : 0x00;
    if (length > kMax16BitLength) {
        *p++ = maskBit | 127;
        qToBigEndian(quint64(length), p);
        p += 8;
    } else if (length > kMax7BitLength) {
        *p++ = maskBit | 126;
        qToBigEndian(quint16(length), p);
        p += 2;
    } else {
        *p++ = maskBit | uchar(length);
    }
    if (maskKey) {
        qToBigEndian(*maskKey, p);
        applyMask(reinterpret_cast<char *>(p + 4), payload.data(), length, p);
    } else if (length > 0) {
        std::memcpy(p, payload.data(), size_t(length));
    }
    return out;
}

QByteArray FrameWriter::closeFrame(quint16 code, QByteArrayView reasonUtf8,
                                   std::optional<quint32> maskKey)
{
    constexpr qsizetype kMaxReason = kMaxControlPayload - 2;
    const QByteArrayView reason = reasonUtf8.first(utf8::boundedLength(reasonUtf8, kMaxReason));
    uchar payload[kMaxControlPayload];
    qToBigEndian(code, payload);
    if (!reason.isEmpty())
        std::memcpy(payload + 2, reason.data(), size_t(reason.size()));
    return frame(Opcode::Close, QByteArrayView(payload, 2 + reason.size()), maskKey);
}

} // namespace watchium::ws
