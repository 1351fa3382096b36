#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

#include <optional>

namespace watchium::server {

// The PROXY protocol header (HAProxy's, versions 1 and 2) that a balancer sends first on each
// connection to name the client it accepted. Pure: it judges bytes, it reads nothing.
namespace ProxyHeader {

enum class Status { NeedMore, Done, Invalid };

struct Result
{
    Status status = Status::NeedMore;
    // Done: bytes the header took. NeedMore: the most it can take in all, as far as the bytes so
    // far tell (a v2 header's own length once its head is in), so a reader never reads past it
    // by more than a short v1 line allows.
    qsizetype length = 0;
    // Done: the client's address; empty when the header names none (v1 UNKNOWN, v2 LOCAL as
    // sent by health checks, or an address family other than IPv4/IPv6).
    std::optional<QHostAddress> source;
    QString error; // Invalid: why, for the log
};

// v1 is one line of at most 107 bytes; v2 a 16-byte head and a block we take up to this long
// (addresses and TLVs; HAProxy sends far less).
constexpr qsizetype kMaxV1Length = 107;
constexpr qsizetype kMaxV2Block = 1024;

// Judges `bytes`, the first received on a connection: NeedMore while they are a proper prefix of
// a header, Done with the header's length once one is complete, Invalid otherwise.
Result parse(QByteArrayView bytes);

} // namespace ProxyHeader

} // namespace watchium::server
