#include "PcpMessage.h"

#include <QtEndian>

#include <array>

namespace watchium::server {

namespace {

constexpr quint8 kVersion = 2;
constexpr quint8 kOpcodeMap = 1;
constexpr quint8 kResponseBit = 0x80;
constexpr quint8 kTcp = 6;
constexpr int kHeaderSize = 24;
constexpr int kAnswerSize = 60;

// IPv4 addresses travel as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d).
void putAddress(uchar *at, const QHostAddress &address)
{
    std::array<uchar, 16> bytes {};
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    qToBigEndian<quint32>(address.toIPv4Address(), bytes.data() + 12);
    std::copy(bytes.begin(), bytes.end(), at);
}

QHostAddress takeAddress(const uchar *at)
{
    Q_IPV6ADDR raw;
    std::copy(at, at + 16, raw.c);
    QHostAddress address(raw);
    bool isIpv4 = false;
    const quint32 v4 = address.toIPv4Address(&isIpv4);
    return isIpv4 ? QHostAddress(v4) : address;
}

} // namespace

QByteArray PcpMessage::mapRequest(const Map &map, const QHostAddress &client)
{
    QByteArray bytes(kRequestSize, '\0');
    auto *p = reinterpret_cast<uchar *>(bytes.data());
    p[0] = kVersion;
    p[1] = kOpcodeMap;
    qToBigEndian<quint32>(map.lifetimeSeconds, p + 4);
    putAddress(p + 8, client);
    uchar *op = p + kHeaderSize;
    std::copy_n(reinterpret_cast<const uchar *>(map.nonce.constData()),
                qMin<qsizetype>(map.nonce.size(), kNonceSize), op);
    op[12] = kTcp;
    qToBigEndian<quint16>(map.internalPort, op + 16);
    qToBigEndian<quint16>(map.externalPort, op + 18);
    // All-zero IPv4 (::ffff:0.0.0.0): any external IPv4 address.
    putAddress(op + 20, QHostAddress(quint32(0)));
    return bytes;
}

std::optional<PcpMessage::Answer> PcpMessage::parseMapAnswer(QByteArrayView bytes,
                                                             const Map &request)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    // NAT-PMP's answer to a version it does not know: version 0, result code 1, in 8 bytes or
    // more (RFC 6886 §3.5).
    if (bytes.size() >= 4 && p[0] == 0) {
        if (qFromBigEndian<quint16>(p + 2) != UnsupportedVersion)
            return std::nullopt;
        Answer answer;
        answer.result = UnsupportedVersion;
        return answer;
    }
    if (bytes.size() < kHeaderSize || p[0] != kVersion || p[1] != (kResponseBit | kOpcodeMap))
        return std::nullopt;
    Answer answer;
    answer.result = p[3];
    answer.epochSeconds = qFromBigEndian<quint32>(p + 8);
    // An error may come without the MAP part echoed in full; success must have all of it.
    if (answer.result != Success && bytes.size() < kAnswerSize)
        return answer;
    if (bytes.size() < kAnswerSize)
        return std::nullopt;
    const uchar *op = p + kHeaderSize;
    if (QByteArrayView(op, kNonceSize) != QByteArrayView(request.nonce) || op[12] != kTcp
        || qFromBigEndian<quint16>(op + 16) != request.internalPort)
        return std::nullopt;
    answer.map.nonce = request.nonce;
    answer.map.internalPort = request.internalPort;
    answer.map.lifetimeSeconds = qFromBigEndian<quint32>(p + 4);
    answer.map.externalPort = qFromBigEndian<quint16>(op + 18);
    answer.map.externalAddress = takeAddress(op + 20);
    if (answer.result == Success && request.lifetimeSeconds > 0
        && (answer.map.externalPort == 0
            || answer.map.externalAddress.protocol() != QAbstractSocket::IPv4Protocol))
        return std::nullopt;
    return answer;
}

QString PcpMessage::describe(int result)
{
    switch (result) {
    case Success:
        return QStringLiteral("success");
    case UnsupportedVersion:
        return QStringLiteral("the gateway does not speak PCP (unsupported version)");
    case NotAuthorized:
        return QStringLiteral("the gateway refused the mapping (PCP not authorized)");
    case NetworkFailure:
        return QStringLiteral("the gateway has no public address (PCP network failure)");
    case NoResources:
        return QStringLiteral("the gateway has no free port (PCP no resources)");
    case CannotProvideExternal:
        return QStringLiteral("the gateway cannot provide that external port or address");
    case AddressMismatch:
        return QStringLiteral("the gateway saw another source address (PCP address mismatch)");
    default:
        return QStringLiteral("PCP result code %1").arg(result);
    }
}

} // namespace watchium::server
