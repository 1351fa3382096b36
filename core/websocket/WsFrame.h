#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace watchium::ws {

// RFC 6455 opcodes that this implementation speaks (no extensions).
enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Close codes we send or check (RFC 6455 section 7.4.1).
namespace close {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 UnsupportedData = 1003;
constexpr quint16 NoStatus = 1005; // never sent, reported when a close frame has no code
constexpr quint16 InvalidPayload = 1007;
constexpr quint16 PolicyViolation = 1008;
constexpr quint16 TooBig = 1009;
constexpr quint16 InternalError = 1011;
constexpr quint16 TryAgainLater = 1013;
} // namespace close

// Builds whole frames (FIN set, never fragmented). A server's frames are unmasked, so one
// encoded frame can be written to any number of sockets; a client passes a mask key.
class FrameWriter
{
public:
    static QByteArray frame(Opcode opcode, QByteArrayView payload,
                            std::optional<quint32> maskKey = std::nullopt);
    // A close frame: the code, then the reason truncated to fit the 125-byte control limit
    // without splitting a UTF-8 sequence.
    static QByteArray closeFrame(quint16 code, QByteArrayView reasonUtf8,
                                 std::optional<quint32> maskKey = std::nullopt);
    // Size of the header frame() puts before a payload of this length.
    static qsizetype headerSize(qsizetype payloadLength, bool masked);
};

} // namespace watchium::ws
