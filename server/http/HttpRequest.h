#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QPair>

namespace watchium::server {

// One HTTP/1.x request as HttpRequestParser read it. Plain data: no I/O.
struct HttpRequest
{
    QByteArray method; // as sent: methods are case-sensitive
    QByteArray target; // origin form: path and query, still percent-encoded
    int minorVersion = 1; // HTTP/1.<minorVersion>
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed
    QByteArray body; // de-chunked
    QHostAddress remoteAddress; // filled in by the connection

    // The first value of a header, or empty.
    QByteArray header(QByteArrayView lowerName) const;
    // Whether a comma-separated header (Connection, Upgrade) lists `token`, in any case.
    bool headerHasToken(QByteArrayView lowerName, QByteArrayView token) const;
    // The target up to its query, and the query without its '?'.
    QByteArrayView path() const;
    QByteArrayView query() const;
    // HTTP/1.1 keeps the connection unless it says close; HTTP/1.0 closes unless it says
    // keep-alive.
    bool keepAlive() const;
    bool isHead() const { return method == "HEAD"; }
};

} // namespace watchium::server
