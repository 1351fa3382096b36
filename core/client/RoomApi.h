#pragma once

#include "client/ClientTls.h"
#include "client/RoomRequests.h"
#include "client/RoomSession.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace watchium {

// The HTTP functions a room session needs (/functions/v1/rooms-*), as the
// seeds' supabase-js client calls them: POST, JSON body, the member token
// as a bearer token, the anon key as `apikey`.
class RoomApi : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool ok = false;
        int httpStatus = 0; // 0: no HTTP answer at all
        QJsonObject data;
        // The server's error code and message; `server_unreachable`, `timeout`,
        // `bad_response`, `tls_failed` (the certificate is not trusted, say) or `tls_refused`
        // (a pin mismatch, a pinned server over http, an unusable CA file) when no usable
        // answer came.
        QString code;
        QString message;
    };
    using Handler = std::function<void(const Result &result)>;

    // `network` is not owned; null: the API makes its own.
    RoomApi(const QUrl &serverUrl, const QString &apiKey, QNetworkAccessManager *network,
            QObject *parent = nullptr);

    void createRoom(const CreateRoomRequest &request, Handler handler);
    void joinRoom(const JoinRoomRequest &request, Handler handler);
    void leaveRoom(const RoomSession &session, Handler handler);
    // Any function by name (rooms-delete, comments-get-by-episode, ...).
    void call(const QString &function, const QJsonObject &body, const QString &token,
              Handler handler);

    // Extra CAs and the pin for https servers (see ClientTls).
    void setTls(const ClientTls &tls) { m_tls = tls; }

private:
    static Result resultOf(QNetworkReply *reply);

    QUrl m_serverUrl;
    QString m_apiKey;
    QNetworkAccessManager *m_network;
    ClientTls m_tls;
    static constexpr int kTimeoutMs = 15'000; // per request, from its start
};

} // namespace watchium
