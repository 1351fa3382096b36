#include "SourcedHttp.h"

#include "RawHttpClient.h"

#include <QJsonDocument>

namespace watchium::test {

SourcedHttp::SourcedHttp(QHostAddress source, QString host, quint16 port)
    : m_source(std::move(source))
    , m_host(std::move(host))
    , m_port(port)
{
}

HttpClient::Response SourcedHttp::post(const QString &path, const QJsonObject &body,
                                       const QString &token)
{
    RawHttpClient raw;
    if (!raw.connectTo(m_port, m_source))
        return {};
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray request = "POST " + path.toUtf8() + " HTTP/1.1\r\nHost: " + m_host.toUtf8()
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(json.size()) + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    raw.send(request + "\r\n" + json);
    const auto answer = raw.next(false, 10'000);
    if (!answer)
        return {};
    HttpClient::Response r;
    r.status = answer->status;
    r.body = answer->body;
    r.json = QJsonDocument::fromJson(r.body).object();
    r.retryAfter = answer->header("retry-after");
    r.contentType = answer->header("content-type");
    return r;
}

} // namespace watchium::test
