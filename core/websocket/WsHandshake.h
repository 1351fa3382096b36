#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace watchium::ws {

// The HTTP/1.1 opening handshake of RFC 6455 for both sides. Pure: no I/O.
namespace handshake {

constexpr qsizetype kMaxHeadBytes = 8 * 1024;

// Where the head of an HTTP message ends: the offset just past "\r\n\r\n", or -1 when it has
// not all arrived yet. Once more than kMaxHeadBytes have arrived without an end, waiting is
// pointless: parseRequest would refuse the head anyway.
qsizetype headEnd(QByteArrayView data);

struct Request
{
    QByteArray method;
    QByteArray target; // path and query, as sent
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed
    QByteArray header(QByteArrayView lowerName) const; // first value, or empty
};

// Parses a request head (through the blank line). Empty on malformed input, with *error set.
// Malformed: a head over kMaxHeadBytes or without its blank line, a request line other than
// `METHOD SP target SP HTTP/1.1`, a line not ending in CRLF, a folded (obs-fold) line, a
// field name that is not a token or has space before its colon, a control byte in a value.
// Bytes after the blank line are not looked at.
std::optional<Request> parseRequest(QByteArrayView head, QString *error);

struct Upgrade
{
    QByteArray key; // Sec-WebSocket-Key
    int status = 101; // 101, or the HTTP status of the refusal
    QString error; // why it is refused
};

// Checks that a request asks for a WebSocket upgrade the server can accept: GET, HTTP/1.1,
// Upgrade: websocket, Connection containing "upgrade" (any case, comma list), a key that is
// base64 of 16 bytes, Sec-WebSocket-Version 13 (else 426 with the supported version).
// Checked in that order, the first failure deciding the status: not GET 405; no websocket in
// Upgrade or no upgrade in Connection 400; version missing, repeated or not 13 426; key
// missing, repeated or not the canonical base64 of 16 bytes 400. (HTTP/1.1 is parseRequest's
// business.)
Upgrade checkUpgrade(const Request &request);

// base64(SHA-1(key + the RFC's GUID)).
QByteArray acceptKey(QByteArrayView key);

// "HTTP/1.1 101 Switching Protocols" with Upgrade, Connection and Sec-WebSocket-Accept.
QByteArray switchingProtocols(QByteArrayView key);
// A complete HTTP response refusing the upgrade: status line, Content-Type: application/json,
// Content-Length, Connection: close, and (for 426) Sec-WebSocket-Version: 13; the body is
// {"success":false,"error":{"code":<code>,"message":<message>}}, written by QJsonDocument
// like the HTTP API's errors, so its keys come sorted ("error" first). A 405 also carries
// Allow: GET, as HTTP requires.
QByteArray refusal(int status, const QString &code, const QString &message);

// Client side: the GET request for `target` on `host` (host[:port]) with `key`. Neither may
// hold spaces, CR or LF: they are written as given.
QByteArray clientRequest(QByteArrayView host, QByteArrayView target, QByteArrayView key);
// A fresh random client key (base64 of 16 random bytes).
QByteArray newClientKey();
// Checks a server's response head (through the blank line) against the key sent: status
// 101, Upgrade: websocket, Connection: upgrade, one Sec-WebSocket-Accept equal to
// acceptKey(key), and no extension or subprotocol (the request asks for none).
bool checkResponse(QByteArrayView head, QByteArrayView key, QString *error);

} // namespace handshake

} // namespace watchium::ws
