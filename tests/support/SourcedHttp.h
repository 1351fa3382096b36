#pragma once

#include "HttpClient.h"

#include <QHostAddress>

namespace watchium::test {

// HTTP calls sent from a chosen local address (127.0.0.2, ...), so one test can be several
// clients: per-address limits and caps are tested on loopback alone. One request per
// connection; waits with a bound while the event loop runs, so an in-process server answers.
class SourcedHttp
{
public:
    SourcedHttp(QHostAddress source, QString host, quint16 port);

    HttpClient::Response post(const QString &path, const QJsonObject &body,
                              const QString &token = {});
    HttpClient::Response function(const QString &name, const QJsonObject &body,
                                  const QString &token = {})
    {
        return post(QStringLiteral("/functions/v1/") + name, body, token);
    }

private:
    QHostAddress m_source;
    QString m_host;
    quint16 m_port;
};

} // namespace watchium::test
