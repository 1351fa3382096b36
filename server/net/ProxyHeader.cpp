#include "net/ProxyHeader.h"

#include <QList>
#include <QtEndian>

#include <cctype>
#include <cstring>

namespace watchium::server::ProxyHeader {

namespace {

constexpr char kV2Signature[] = "\r\n\r\n\0\r\nQUIT\n";
constexpr qsizetype kV2SignatureLength = 12;
constexpr qsizetype kV2HeadLength = 16;
constexpr QByteArrayView kV1Prefix("PROXY ");

Result invalid(const char *why)
{
    Result r;
    r.status = Status::Invalid;
    r.error = QString::fromLatin1(why);
    return r;
}

// `atMost`: the longest the header can be, as far as the bytes so far tell.
Result needMore(qsizetype atMost)
{
    Result r;
    r.length = atMost;
    return r;
}

Result done(qsizetype length, std::optional<QHostAddress> source = std::nullopt)
{
    Result r;
    r.status = Status::Done;
    r.length = length;
    r.source = std::move(source);
    return r;
}

// Whether `bytes` could still become `whole` (a proper prefix, or all of it).
bool startsLike(QByteArrayView bytes, QByteArrayView whole)
{
    const qsizetype n = std::min(bytes.size(), whole.size());
    return bytes.first(n) == whole.first(n);
}

bool isPort(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 5 || (text.size() > 1 && text.front() == '0'))
        return false;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return value <= 65535;
}

// A dotted quad or IPv6 text of the family the line names, nothing QHostAddress would also take
// (no scope ids, no shortened IPv4).
std::optional<QHostAddress> addressOf(QByteArrayView text, bool v6)
{
    for (char c : text) {
        const bool ok = v6 ? (std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')
                           : (std::isdigit(static_cast<unsigned char>(c)) || c == '.');
        if (!ok)
            return std::nullopt;
    }
    if (!v6 && text.count('.') != 3)
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(QString::fromLatin1(text)))
        return std::nullopt;
    const auto protocol = address.protocol();
    if (protocol != (v6 ? QAbstractSocket::IPv6Protocol : QAbstractSocket::IPv4Protocol))
        return std::nullopt;
    return address;
}

Result parseV1(QByteArrayView bytes)
{
    const qsizetype end = bytes.indexOf(QByteArrayView("\r\n"));
    if (end < 0) {
        if (bytes.size() >= kMaxV1Length)
            return invalid("PROXY v1 line longer than 107 bytes");
        const qsizetype cr = bytes.indexOf('\r');
        if (bytes.contains('\n') || (cr >= 0 && cr != bytes.size() - 1))
            return invalid("PROXY v1 line not ended by CRLF");
        return needMore(kMaxV1Length);
    }
    if (end + 2 > kMaxV1Length)
        return invalid("PROXY v1 line longer than 107 bytes");
    const QByteArrayView line = bytes.first(end).sliced(kV1Prefix.size());
    if (line.contains('\r') || line.contains('\n'))
        return invalid("PROXY v1 line not ended by CRLF");
    const QList<QByteArray> fields = line.toByteArray().split(' ');
    if (fields.value(0) == "UNKNOWN")
        return done(end + 2); // the rest of the line says nothing we may use
    if (fields.size() != 5 || (fields[0] != "TCP4" && fields[0] != "TCP6"))
        return invalid("PROXY v1 line is not TCP4/TCP6 with two addresses and two ports");
    const bool v6 = fields[0] == "TCP6";
    const auto source = addressOf(fields[1], v6);
    if (!source || !addressOf(fields[2], v6))
        return invalid("PROXY v1 address does not match its family");
    if (!isPort(fields[3]) || !isPort(fields[4]))
        return invalid("PROXY v1 port is not a number 0-65535");
    return done(end + 2, source);
}

Result parseV2(QByteArrayView bytes)
{
    if (bytes.size() < kV2HeadLength)
        return needMore(kV2HeadLength);
    const auto versionCommand = quint8(bytes[12]);
    if ((versionCommand >> 4) != 2)
        return invalid("PROXY v2 header of an unknown version");
    const int command = versionCommand & 0x0f;
    if (command > 1)
        return invalid("PROXY v2 header with an unknown command");
    const qsizetype block = qFromBigEndian<quint16>(bytes.data() + 14);
    if (block > kMaxV2Block)
        return invalid("PROXY v2 header longer than the server takes");
    const qsizetype length = kV2HeadLength + block;
    if (bytes.size() < length)
        return needMore(length);
    if (command == 0)
        return done(length); // LOCAL: the balancer's own connection (a health check)
    const auto family = quint8(bytes[13]);
    const int addressFamily = family >> 4;
    const int transport = family & 0x0f;
    if (addressFamily > 3 || transport > 2)
        return invalid("PROXY v2 header with an unknown address family or transport");
    const char *addresses = bytes.data() + kV2HeadLength;
    if (addressFamily == 1) {
        if (block < 12)
            return invalid("PROXY v2 IPv4 block too short");
        return done(length, QHostAddress(qFromBigEndian<quint32>(addresses)));
    }
    if (addressFamily == 2) {
        if (block < 36)
            return invalid("PROXY v2 IPv6 block too short");
        Q_IPV6ADDR v6;
        std::memcpy(v6.c, addresses, 16);
        return done(length, QHostAddress(v6));
    }
    return done(length); // UNSPEC or a UNIX socket: no address to name
}

} // namespace

Result parse(QByteArrayView bytes)
{
    // Until the version is known, no further than a v2 head: a v1 line is at least about as long.
    if (bytes.isEmpty())
        return needMore(kV2HeadLength);
    const QByteArrayView signature(kV2Signature, kV2SignatureLength);
    if (startsLike(bytes, signature))
        return bytes.size() < kV2SignatureLength ? needMore(kV2HeadLength) : parseV2(bytes);
    if (startsLike(bytes, kV1Prefix))
        return bytes.size() < kV1Prefix.size() ? needMore(kV2HeadLength) : parseV1(bytes);
    return invalid("the connection did not start with a PROXY protocol header");
}

} // namespace watchium::server::ProxyHeader
