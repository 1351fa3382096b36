#include "HttpClient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

namespace watchium::test {

HttpClient::HttpClient(QString base)
    : m_base(std::move(base))
{
}

HttpClient::Response HttpClient::post(const QString &path, const QJsonObject &body,
                                      const QString &token, const QByteArray &apikey)
{
    QNetworkRequest request(QUrl(m_base + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!apikey.isEmpty())
        request.setRawHeader("apikey", apikey);
    return wait(m_manager.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

HttpClient::Response HttpClient::postRaw(const QString &path, const QByteArray &body,
                                         const QString &token)
{
    QNetworkRequest request(QUrl(m_base + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    return wait(m_manager.post(request, body));
}

HttpClient::Response HttpClient::get(const QString &path)
{
    return wait(m_manager.get(QNetworkRequest(QUrl(m_base + path))));
}

HttpClient::Response HttpClient::wait(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Response r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    r.retryAfter = reply->rawHeader("Retry-After");
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    reply->deleteLater();
    return r;
}

} // namespace watchium::test
