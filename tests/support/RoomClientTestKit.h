#pragma once

#include "client/RoomClient.h"
#include "HttpClient.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

// Shared by the tests that drive a RoomClient (client, app and ui tests):
// clients pointed at a TestServer, the requests that make rooms, and bounded
// waits generous enough for a loaded two-core CI machine.
namespace watchium::test {

inline constexpr int kWaitMs = 15'000;

inline RoomClient::Options clientOptions(const QString &httpBase)
{
    RoomClient::Options options;
    options.serverUrl = QUrl(httpBase);
    return options;
}

inline CreateRoomRequest roomRequest(const QString &host, bool isPublic = true)
{
    CreateRoomRequest r;
    r.title = QStringLiteral("Watching AoT together");
    r.animeId = QStringLiteral("aot");
    r.animeTitle = QStringLiteral("Attack on Titan");
    r.episodeNumber = 1;
    r.videoUrl = QStringLiteral("https://example.com/video.mp4");
    r.userId = host;
    r.username = host.toUpper();
    r.isPublic = isPublic;
    return r;
}

inline JoinRoomRequest joinRequest(const QString &roomId, const QString &user,
                                   const QString &key = {})
{
    JoinRoomRequest r;
    r.roomId = roomId;
    r.userId = user;
    r.username = user.toUpper();
    r.accessKey = key;
    return r;
}

inline bool waitForState(const RoomClient &client, RoomClient::ConnectionState state,
                         int timeoutMs = kWaitMs)
{
    return QTest::qWaitFor([&] { return client.connectionState() == state; }, timeoutMs);
}

// Whether members-get-list says `userId` is online in the room.
inline bool memberIsOnline(HttpClient &http, const QString &roomId, const QString &userId)
{
    const auto r =
        http.function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    for (const QJsonValue &m : r.data().value(QLatin1String("members")).toArray()) {
        if (m.toObject().value(QLatin1String("user_id")).toString() == userId)
            return m.toObject().value(QLatin1String("is_online")).toBool();
    }
    return false;
}

// How many top-level comments of episode aot/1 carry `message`.
inline int countComments(HttpClient &http, const QString &message)
{
    const auto r = http.function(QStringLiteral("comments-get-by-episode"),
                                 {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                  {QStringLiteral("episode_number"), 1},
                                  {QStringLiteral("limit"), 100}});
    int count = 0;
    for (const QJsonValue &thread : r.data().value(QLatin1String("threads")).toArray())
        count += thread.toObject().value(QLatin1String("message")).toString() == message;
    return count;
}

} // namespace watchium::test
