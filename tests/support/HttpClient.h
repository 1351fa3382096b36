#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>

namespace watchium::test {

// Blocking-looking HTTP calls for tests: the event loop keeps running while
// a call waits, so an in-process server answers it.
class HttpClient
{
public:
    explicit HttpClient(QString base);

    struct Response
    {
        int status = 0;
        QJsonObject json;
        QByteArray body;
        QByteArray retryAfter;
        QByteArray contentType;

        bool success() const { return json.value(QLatin1String("success")).toBool(); }
        QJsonObject data() const { return json.value(QLatin1String("data")).toObject(); }
        QString errorCode() const
        {
            return json.value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("code"))
                .toString();
        }
    };

    Response post(const QString &path, const QJsonObject &body, const QString &token = {},
                  const QByteArray &apikey = {});
    Response postRaw(const QString &path, const QByteArray &body, const QString &token = {});
    Response get(const QString &path);
    Response function(const QString &name, const QJsonObject &body, const QString &token = {})
    {
        return post(QStringLiteral("/functions/v1/") + name, body, token);
    }

private:
    Response wait(class QNetworkReply *reply);

    QString m_base;
    QNetworkAccessManager m_manager;
};

} // namespace watchium::test
