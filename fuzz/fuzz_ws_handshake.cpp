// The WebSocket opening handshake: a client's request head as the server reads it, and (one
// input in four) a server's response head as the client reads it. Checked: a parsed request is
// well formed (token method, printable target, lower-case token header names, values without
// control bytes, within the head limit); an accepted upgrade has a canonical 16-byte key and
// the server's own 101 answer to it satisfies the client's check, while its refusals do not;
// a response is accepted only if it names the key's accept value.
#include "FuzzSupport.h"

#include "websocket/WsHandshake.h"

#include <algorithm>
#include <cctype>
#include <cstring>

using watchium::fuzz::InputReader;
namespace handshake = watchium::ws::handshake;

namespace {

// The key of RFC 6455's own example, for the client side.
constexpr char kKey[] = "dGhlIHNhbXBsZSBub25jZQ==";

bool isTokenChar(char c)
{
    return std::isalnum(uchar(c)) || std::strchr("!#$%&'*+-.^_`|~", c);
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty()
        && std::all_of(s.begin(), s.end(), [](char c) { return c && isTokenChar(c); });
}

void checkRequest(QByteArrayView head)
{
    QString error;
    const auto request = handshake::parseRequest(head, &error);
    const qsizetype end = handshake::headEnd(head);
    if (!request) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(end > 0 && end <= handshake::kMaxHeadBytes);
    FUZZ_CHECK(isToken(request->method));
    FUZZ_CHECK(!request->target.isEmpty());
    FUZZ_CHECK(std::all_of(request->target.begin(), request->target.end(),
                           [](char c) { return uchar(c) > 0x20 && uchar(c) < 0x7F; }));
    for (const auto &[name, value] : request->headers) {
        FUZZ_CHECK(isToken(name) && name == name.toLower());
        FUZZ_CHECK(std::none_of(value.begin(), value.end(), [](char c) {
            return (uchar(c) < 0x20 && c != '\t') || c == 0x7F;
        }));
        FUZZ_CHECK(value == value.trimmed());
    }
    // Bytes after the blank line are not the head's business.
    QString again;
    const auto reparsed = handshake::parseRequest(head.first(end), &again);
    FUZZ_CHECK(reparsed && reparsed->headers == request->headers
               && reparsed->target == request->target);

    const handshake::Upgrade upgrade = handshake::checkUpgrade(*request);
    if (upgrade.status != 101) {
        FUZZ_CHECK(upgrade.status == 400 || upgrade.status == 405 || upgrade.status == 426);
        FUZZ_CHECK(!upgrade.error.isEmpty());
        const QByteArray refusal =
            handshake::refusal(upgrade.status, QStringLiteral("bad_upgrade"), upgrade.error);
        FUZZ_CHECK(!handshake::checkResponse(refusal, upgrade.key, &again));
        return;
    }
    FUZZ_CHECK(request->method == "GET");
    FUZZ_CHECK(upgrade.key.size() == 24);
    FUZZ_CHECK(QByteArray::fromBase64(upgrade.key).size() == 16);
    const QByteArray answer = handshake::switchingProtocols(upgrade.key);
    FUZZ_CHECK(handshake::checkResponse(answer, upgrade.key, &again));
    FUZZ_CHECK(!handshake::checkResponse(answer, kKey, &again) || upgrade.key == kKey);
}

void checkResponse(QByteArrayView head)
{
    QString error;
    if (!handshake::checkResponse(head, kKey, &error)) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(head.startsWith("HTTP/1.1 101"));
    FUZZ_CHECK(head.contains(handshake::acceptKey(kKey)));
    const qsizetype end = handshake::headEnd(head);
    FUZZ_CHECK(end > 0 && end <= handshake::kMaxHeadBytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputReader input(data, size);
    if ((input.byte() & 3) == 3)
        checkResponse(input.rest());
    else
        checkRequest(input.rest());
    return 0;
}
