#include "client/RoomApi.h"

#include "protocol/ErrorCodes.h"
#include "protocol/Paths.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

Q_LOGGING_CATEGORY(lcRoomApi, "watchium.client.http")

namespace watchium {

RoomApi::RoomApi(const QUrl &serverUrl, const QString &apiKey, QNetworkAccessManager *network,
                 QObject *parent)
    : QObject(parent)
    , m_serverUrl(serverUrl)
    , m_apiKey(apiKey)
    , m_network(network ? network : new QNetworkAccessManager(this))
{
}

void RoomApi::createRoom(const CreateRoomRequest &request, Handler handler)
{
    call(QStringLiteral("rooms-create"), request.toJson(), {}, std::move(handler));
}

void RoomApi::joinRoom(const JoinRoomRequest &request, Handler handler)
{
    call(QStringLiteral("rooms-join"), request.toJson(), request.memberToken, std::move(handler));
}

void RoomApi::leaveRoom(const RoomSession &session, Handler handler)
{
    call(QStringLiteral("rooms-leave"), {{QStringLiteral("room_id"), session.roomId}},
         session.memberToken, std::move(handler));
}

void RoomApi::call(const QString &function, const QJsonObject &body, const QString &token,
                   Handler handler)
{
    QUrl url = m_serverUrl;
    url.setPath(protocol::paths::kFunctionsPrefix + function);
    if (const QString refused = m_tls.refusalFor(url); !refused.isEmpty()) {
        // Asynchronous like every other answer, so callers never hear back from inside call().
        QMetaObject::invokeMethod(
            this,
            [handler, refused] {
                Result r;
                r.code = protocol::errors::kTlsRefused;
                r.message = refused;
                if (handler)
                    handler(r);
            },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request(url);
    m_tls.apply(request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // supabase-js sends the anon key as the bearer when there is no user token.
    const QString bearer = token.isEmpty() ? m_apiKey : token;
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    if (!m_apiKey.isEmpty())
        request.setRawHeader("apikey", m_apiKey.toUtf8());
    request.setTransferTimeout(kTimeoutMs);
    QNetworkReply *reply =
        m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    m_tls.guard(reply);
    // The reply belongs to the manager, which may outlive us: tie the
    // handler to this object so it never runs on a destroyed caller.
    connect(reply, &QNetworkReply::finished, this, [reply, function, handler] {
        reply->deleteLater();
        const Result result = resultOf(reply);
        if (!result.ok)
            qCInfo(lcRoomApi) << function << "failed:" << result.code << result.message;
        if (handler)
            handler(result);
    });
}

RoomApi::Result RoomApi::resultOf(QNetworkReply *reply)
{
    Result r;
    r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.httpStatus == 0) {
        if (const QString refused = ClientTls::refusal(reply); !refused.isEmpty()) {
            r.code = protocol::errors::kTlsRefused;
            r.message = refused;
            return r;
        }
        if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            r.code = protocol::errors::kTlsFailed;
            r.message = reply->errorString();
            return r;
        }
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError;
        r.code = timedOut ? protocol::errors::kTimeout : protocol::errors::kServerUnreachable;
        r.message = reply->errorString();
        return r;
    }
    const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
    if (r.httpStatus >= 200 && r.httpStatus < 300
        && json.value(QLatin1String("success")).toBool()) {
        r.ok = true;
        r.data = json.value(QLatin1String("data")).toObject();
        return r;
    }
    const QJsonObject error = json.value(QLatin1String("error")).toObject();
    r.code = error.value(QLatin1String("code")).toString();
    r.message = error.value(QLatin1String("message")).toString();
    if (r.code.isEmpty()) {
        // Not our server's error shape (a proxy's HTML page, say).
        r.code = QStringLiteral("bad_response");
        r.message = QStringLiteral("unexpected answer (HTTP %1)").arg(r.httpStatus);
    }
    return r;
}

} // namespace watchium
