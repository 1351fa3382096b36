#include "websocket/WsHandshake.h"

#include "protocol/HttpStatus.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>

namespace watchium::ws::handshake {

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// RFC 6455 section 1.3.
constexpr char kAcceptGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr qsizetype kClientKeyBytes = 16;

struct Head
{
    QByteArrayView startLine;
    Headers headers;
};

bool setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// RFC 9110 section 5.6.2.
bool isTokenChar(uchar c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c && std::strchr("!#$%&'*+-.^_`|~", c);
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) { return isTokenChar(c); });
}

bool isFieldValueChar(uchar c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7F);
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && isWhitespace(s.front()))
        s = s.sliced(1);
    while (!s.isEmpty() && isWhitespace(s.back()))
        s.chop(1);
    return s;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

qsizetype headerCount(const Headers &headers, QByteArrayView lowerName)
{
    return std::count_if(headers.begin(), headers.end(),
                         [&](const auto &h) { return h.first == lowerName; });
}

QByteArray firstValue(const Headers &headers, QByteArrayView lowerName)
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

// Whether any of the headers called `lowerName` lists `token` in its comma-separated value
// (RFC 9110 section 5.3: a list may also be split over several lines).
bool listsToken(const Headers &headers, QByteArrayView lowerName, QByteArrayView token)
{
    for (const auto &[name, value] : headers) {
        if (name != lowerName)
            continue;
        QByteArrayView rest = value;
        for (;;) {
            const qsizetype comma = rest.indexOf(',');
            if (equalsIgnoringCase(trimmed(comma < 0 ? rest : rest.first(comma)), token))
                return true;
            if (comma < 0)
                break;
            rest = rest.sliced(comma + 1);
        }
    }
    return false;
}

// Splits a head into its start line and `name: value` fields. Strict on purpose: a line
// folded onto the previous one, a bare CR or LF, or a space before the colon are how
// request-smuggling attacks hide a field from one parser and show it to another.
std::optional<Head> splitHead(QByteArrayView data, QString *error)
{
    const auto malformed = [error](const QString &why) -> std::optional<Head> {
        setError(error, why);
        return std::nullopt;
    };
    const qsizetype end = headEnd(data);
    if (end < 0)
        return malformed(QStringLiteral("the head does not end with a blank line"));
    if (end > kMaxHeadBytes)
        return malformed(QStringLiteral("the head is over %1 bytes").arg(kMaxHeadBytes));
    Head head;
    QByteArrayView rest = data.first(end - 2); // every line, each ending with CRLF
    bool first = true;
    while (!rest.isEmpty()) {
        const qsizetype eol = rest.indexOf("\r\n");
        const QByteArrayView line = rest.first(eol);
        rest = rest.sliced(eol + 2);
        if (line.contains('\r') || line.contains('\n'))
            return malformed(QStringLiteral("a bare CR or LF in the head"));
        if (first) {
            head.startLine = line;
            first = false;
            continue;
        }
        if (!line.isEmpty() && isWhitespace(line.front()))
            return malformed(QStringLiteral("a folded header line"));
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = colon < 0 ? QByteArrayView() : line.first(colon);
        if (!isToken(name))
            return malformed(QStringLiteral("a malformed header line"));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (!std::all_of(value.begin(), value.end(), [](char c) { return isFieldValueChar(c); }))
            return malformed(QStringLiteral("a control character in a header value"));
        head.headers.append({name.toByteArray().toLower(), value.toByteArray()});
    }
    if (head.startLine.isEmpty())
        return malformed(QStringLiteral("an empty start line"));
    return head;
}

bool isClientKey(QByteArrayView key)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(key.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    // Encoding again refuses padding variants and stray trailing bits: one key, one spelling.
    return decoded && decoded.decoded.size() == kClientKeyBytes
        && decoded.decoded.toBase64() == key;
}

} // namespace

qsizetype headEnd(QByteArrayView data)
{
    const qsizetype at = data.indexOf("\r\n\r\n");
    return at < 0 ? -1 : at + 4;
}

QByteArray Request::header(QByteArrayView lowerName) const
{
    return firstValue(headers, lowerName);
}

std::optional<Request> parseRequest(QByteArrayView head, QString *error)
{
    const std::optional<Head> split = splitHead(head, error);
    if (!split)
        return std::nullopt;
    // METHOD SP target SP HTTP/1.1, with exactly one space at each place.
    const QByteArrayView line = split->startLine;
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    const QByteArrayView method = line.first(qMax<qsizetype>(firstSpace, 0));
    const QByteArrayView target = secondSpace < 0
        ? QByteArrayView()
        : line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const auto isTargetChar = [](char c) {
        return uchar(c) > 0x20 && uchar(c) < 0x7F;
    };
    if (!isToken(method) || target.isEmpty()
        || !std::all_of(target.begin(), target.end(), isTargetChar)) {
        setError(error, QStringLiteral("a malformed request line"));
        return std::nullopt;
    }
    if (line.sliced(secondSpace + 1) != "HTTP/1.1") {
        setError(error, QStringLiteral("not HTTP/1.1"));
        return std::nullopt;
    }
    return Request {method.toByteArray(), target.toByteArray(), split->headers};
}

Upgrade checkUpgrade(const Request &request)
{
    const auto refuse = [](int status, const QString &error) {
        return Upgrade {QByteArray(), status, error};
    };
    if (request.method != "GET")
        return refuse(405, QStringLiteral("a WebSocket upgrade must be a GET"));
    if (!listsToken(request.headers, "upgrade", "websocket"))
        return refuse(400, QStringLiteral("no Upgrade: websocket"));
    if (!listsToken(request.headers, "connection", "upgrade"))
        return refuse(400, QStringLiteral("no Connection: Upgrade"));
    if (headerCount(request.headers, "sec-websocket-version") != 1
        || request.header("sec-websocket-version") != "13")
        return refuse(426, QStringLiteral("only Sec-WebSocket-Version 13 is supported"));
    const QByteArray key = request.header("sec-websocket-key");
    if (headerCount(request.headers, "sec-websocket-key") != 1 || !isClientKey(key))
        return refuse(400, QStringLiteral("Sec-WebSocket-Key is not base64 of 16 bytes"));
    return Upgrade {key, 101, QString()};
}

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(QByteArrayView(kAcceptGuid));
    return sha1.result().toBase64();
}

QByteArray switchingProtocols(QByteArrayView key)
{
    return "HTTP/1.1 101 Switching Protocols\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + acceptKey(key) + "\r\n\r\n";
}

QByteArray refusal(int status, const QString &code, const QString &message)
{
    const QJsonObject error {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    const QJsonObject body {{QStringLiteral("success"), false}, {QStringLiteral("error"), error}};
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + protocol::reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size())
        + "\r\nConnection: close\r\n";
    if (status == 426)
        out += "Sec-WebSocket-Version: 13\r\n";
    else if (status == 405)
        out += "Allow: GET\r\n"; // RFC 9110 section 15.5.6 requires it with a 405
    return out + "\r\n" + json;
}

QByteArray clientRequest(QByteArrayView host, QByteArrayView target, QByteArrayView key)
{
    return "GET " + target.toByteArray() + " HTTP/1.1\r\nHost: " + host.toByteArray()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key.toByteArray()
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

QByteArray newClientKey()
{
    quint32 words[kClientKeyBytes / sizeof(quint32)];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
}

bool checkResponse(QByteArrayView head, QByteArrayView key, QString *error)
{
    const std::optional<Head> split = splitHead(head, error);
    if (!split)
        return false;
    const QByteArrayView line = split->startLine;
    if (!line.startsWith("HTTP/1.1 ") || line.size() < 12 || (line.size() > 12 && line[12] != ' '))
        return setError(error, QStringLiteral("a malformed status line"));
    if (line.sliced(9, 3) != "101")
        return setError(error,
                        QStringLiteral("the server answered %1")
                            .arg(QString::fromLatin1(line.sliced(9).toByteArray())));
    if (!listsToken(split->headers, "upgrade", "websocket"))
        return setError(error, QStringLiteral("no Upgrade: websocket in the response"));
    if (!listsToken(split->headers, "connection", "upgrade"))
        return setError(error, QStringLiteral("no Connection: Upgrade in the response"));
    if (headerCount(split->headers, "sec-websocket-accept") != 1
        || firstValue(split->headers, "sec-websocket-accept") != acceptKey(key))
        return setError(error, QStringLiteral("Sec-WebSocket-Accept does not match the key"));
    // RFC 6455 section 4.1: the client asked for none, so the server may not pick any.
    if (headerCount(split->headers, "sec-websocket-extensions") > 0
        || headerCount(split->headers, "sec-websocket-protocol") > 0)
        return setError(error, QStringLiteral("the server chose an extension or subprotocol"));
    return true;
}

} // namespace watchium::ws::handshake
