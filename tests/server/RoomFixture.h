#pragma once

#include "HttpClient.h"

#include <QJsonObject>

namespace watchium::test {

// A room created over HTTP for channel tests, with its members' tokens.
struct RoomFixture
{
    QString roomId;
    QString accessKey;
    QString hostToken;

    static RoomFixture create(HttpClient &http, bool isPublic = true,
                              const QString &host = QStringLiteral("host-1"))
    {
        const auto r = http.function(
            QStringLiteral("rooms-create"),
            {{QStringLiteral("title"), QStringLiteral("Room")},
             {QStringLiteral("anime_id"), QStringLiteral("aot")},
             {QStringLiteral("anime_title"), QStringLiteral("Attack on Titan")},
             {QStringLiteral("episode_number"), 1},
             {QStringLiteral("video_url"), QStringLiteral("https://example.com/v.mp4")},
             {QStringLiteral("host_user_id"), host},
             {QStringLiteral("host_username"), QStringLiteral("Host")},
             {QStringLiteral("is_public"), isPublic}});
        const QJsonObject room = r.data().value(QLatin1String("room")).toObject();
        return {room.value(QLatin1String("room_id")).toString(),
                room.value(QLatin1String("access_key")).toString(),
                r.data().value(QLatin1String("member_token")).toString()};
    }

    QString join(HttpClient &http, const QString &user) const
    {
        QJsonObject body {{QStringLiteral("room_id"), roomId},
                          {QStringLiteral("user_id"), user},
                          {QStringLiteral("username"), user}};
        if (!accessKey.isEmpty())
            body.insert(QStringLiteral("access_key"), accessKey);
        return http.function(QStringLiteral("rooms-join"), body)
            .data()
            .value(QLatin1String("member_token"))
            .toString();
    }

    QString topic() const { return QStringLiteral("realtime:room:") + roomId; }

    // A channel join's config as the app sends it: its own broadcasts echoed and answered,
    // presence on.
    static QJsonObject joinConfig()
    {
        return {{QStringLiteral("broadcast"),
                 QJsonObject {{QStringLiteral("self"), true}, {QStringLiteral("ack"), true}}},
                {QStringLiteral("presence"), QJsonObject {{QStringLiteral("key"), QString()}}}};
    }
};

} // namespace watchium::test
