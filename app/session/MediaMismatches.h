#pragma once

#include "domain/MediaMatch.h"

#include <QHash>
#include <QObject>

namespace watchium {

class RoomClient;

// Who in the room plays a different file from the host's, from the `media` each member's
// presence carries (MediaMatch decides). The host's own report is the reference; before it
// arrives, the file the room was created from. Recomputed on every presence change.
class MediaMismatches : public QObject
{
    Q_OBJECT

public:
    explicit MediaMismatches(RoomClient *room, QObject *parent = nullptr);

    // The room's file from its row (rooms-create / rooms-join), the reference until the host
    // reports one.
    void setRoomMedia(const MediaIdentity &media);

    MediaIdentity reference() const;
    MediaIdentity mediaOf(const QString &userId) const;
    // None for the host and for members whose file is unknown.
    MediaMatch::Differences differences(const QString &userId) const;

Q_SIGNALS:
    // A member's differences changed (None: it matches again, or left).
    void changed(const QString &userId, watchium::MediaMatch::Differences differences);

private:
    void recompute();

    RoomClient *m_room;
    MediaIdentity m_roomMedia;
    QHash<QString, MediaMatch::Differences> m_known;
};

} // namespace watchium
