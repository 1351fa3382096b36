#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QString>

namespace watchium::server {

// What answers the requests an HTTP connection reads (HttpApi), seen from the connection.
class HttpService
{
public:
    virtual ~HttpService() = default;

    virtual HttpResponse respond(const HttpRequest &request) = 0;
    // The answer to a request the connection refuses before it completes (malformed, too
    // large, too slow); `head` is null when not even its head could be read. The connection
    // closes after it.
    virtual HttpResponse refuse(const HttpRequest *head, int status, const QString &code,
                                const QString &message) = 0;
};

} // namespace watchium::server
