#include "MediaMismatches.h"

#include "client/RoomClient.h"

namespace watchium {

MediaMismatches::MediaMismatches(RoomClient *room, QObject *parent)
    : QObject(parent)
    , m_room(room)
{
    connect(m_room, &RoomClient::presenceChanged, this, &MediaMismatches::recompute);
    connect(m_room, &RoomClient::hostChanged, this, &MediaMismatches::recompute);
}

void MediaMismatches::setRoomMedia(const MediaIdentity &media)
{
    m_roomMedia = media;
    recompute();
}

MediaIdentity MediaMismatches::mediaOf(const QString &userId) const
{
    // Presence comes from other members through the server: parsed again here, so a bad one
    // counts as unknown rather than as a file.
    MediaIdentity m;
    const QJsonObject meta = m_room->members().value(userId);
    if (MediaIdentity::parse(meta.value(QLatin1String("media")), &m).isEmpty())
        return m;
    return {};
}

MediaIdentity MediaMismatches::reference() const
{
    const MediaIdentity host = mediaOf(m_room->hostUserId());
    return host.isEmpty() ? m_roomMedia : host;
}

MediaMatch::Differences MediaMismatches::differences(const QString &userId) const
{
    if (userId.isEmpty() || userId == m_room->hostUserId())
        return {};
    return MediaMatch::compare(mediaOf(userId), reference());
}

void MediaMismatches::recompute()
{
    QHash<QString, MediaMatch::Differences> now;
    const auto members = m_room->members();
    for (auto it = members.cbegin(); it != members.cend(); ++it) {
        const auto d = differences(it.key());
        if (d)
            now.insert(it.key(), d);
    }
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        if (!now.contains(it.key()))
            Q_EMIT changed(it.key(), {});
    }
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        if (m_known.value(it.key()) != it.value())
            Q_EMIT changed(it.key(), it.value());
    }
    m_known = now;
}

} // namespace watchium
