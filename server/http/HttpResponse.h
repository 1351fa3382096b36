#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace watchium::server {

// One HTTP/1.1 response, written out whole. Pure: no I/O.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // besides Content-Type and Content-Length

    // The status line, the headers, Content-Length (always: the length of `body`, for a HEAD
    // too, as the GET would have had), `Connection: close` when `close`, and the body unless
    // `headOnly`.
    QByteArray serialize(bool headOnly, bool close) const;
};

} // namespace watchium::server
