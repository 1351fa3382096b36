#include "RoomSetup.h"

#include "protocol/Paths.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace watchium::bench {

namespace {
constexpr int kInFlight = 32;
} // namespace

RoomSetup::RoomSetup(QUrl base, int rooms, int membersPerRoom, QObject *parent)
    : QObject(parent)
    , m_base(std::move(base))
    , m_roomCount(rooms)
    , m_membersPerRoom(membersPerRoom)
{
    m_rooms.resize(rooms);
    m_members.resize(qsizetype(rooms) * membersPerRoom);
}

void RoomSetup::start()
{
    issueMore();
}

void RoomSetup::issueMore()
{
    const int joinsPerRoom = m_membersPerRoom - 1;
    const int totalJoins = m_roomCount * joinsPerRoom;
    while (m_error.isEmpty() && m_inFlight < kInFlight) {
        if (m_nextCreate < m_roomCount) {
            const int r = m_nextCreate++;
            const QString host = QStringLiteral("h%1").arg(r);
            const QString name = QStringLiteral("Host %1").arg(r);
            post(QStringLiteral("rooms-create"),
                 {{QStringLiteral("title"), QStringLiteral("Bench room %1").arg(r)},
                  {QStringLiteral("anime_id"), QStringLiteral("bench")},
                  {QStringLiteral("anime_title"), QStringLiteral("Bench")},
                  {QStringLiteral("episode_number"), 1},
                  {QStringLiteral("video_url"), QStringLiteral("https://video.example/b.mp4")},
                  {QStringLiteral("host_user_id"), host},
                  {QStringLiteral("host_username"), name},
                  {QStringLiteral("is_public"), true}},
                 [this, r, host, name](const QJsonObject &data) {
                     const QString id = data.value(QLatin1String("room"))
                                            .toObject()
                                            .value(QLatin1String("room_id"))
                                            .toString();
                     m_rooms[r] = {id, m_membersPerRoom};
                     m_members[qsizetype(r) * m_membersPerRoom] = {
                         r, host, name, data.value(QLatin1String("member_token")).toString(), true};
                     ++m_created;
                 });
            continue;
        }
        // Joins need their room: wait until every create has answered.
        if (m_created < m_roomCount || m_nextJoin >= totalJoins)
            break;
        const int j = m_nextJoin++;
        const int r = j / joinsPerRoom;
        const int k = j % joinsPerRoom + 1;
        const QString user = QStringLiteral("m%1-%2").arg(r).arg(k);
        const QString name = QStringLiteral("Member %1-%2").arg(r).arg(k);
        post(QStringLiteral("rooms-join"),
             {{QStringLiteral("room_id"), m_rooms[r].id},
              {QStringLiteral("user_id"), user},
              {QStringLiteral("username"), name}},
             [this, r, k, user, name](const QJsonObject &data) {
                 m_members[qsizetype(r) * m_membersPerRoom + k] = {
                     r, user, name, data.value(QLatin1String("member_token")).toString(), false};
             });
    }
    if (!m_done && m_inFlight == 0) {
        m_done = true;
        Q_EMIT finished(m_error.isEmpty());
    }
}

void RoomSetup::post(const QString &function, const QJsonObject &body,
                     std::function<void(const QJsonObject &data)> onData)
{
    QUrl url = m_base;
    url.setPath(protocol::paths::kFunctionsPrefix + function);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    ++m_inFlight;
    QNetworkReply *reply =
        m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, function, onData] {
        reply->deleteLater();
        --m_inFlight;
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        if (json.value(QLatin1String("success")).toBool()) {
            onData(json.value(QLatin1String("data")).toObject());
        } else if (m_error.isEmpty()) {
            m_error =
                QStringLiteral("%1 failed: HTTP %2 %3")
                    .arg(function)
                    .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                    .arg(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
        }
        issueMore();
    });
}

} // namespace watchium::bench
