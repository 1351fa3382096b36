#pragma once

#include "domain/MediaIdentity.h"
#include "MpvPlayer.h"

#include <QObject>
#include <QString>

namespace watchium {

class PlaybackFollower;
class PlayerStatusTracker;
class RoomClient;

// Plays a room's video in one player and keeps it on the room, the same way in the desktop
// app and the headless client: the follower drives the player, the player's status and
// position go out in presence (at once when its status changes, or when a seek lands during a
// group wait), and the video is reopened when the host changes it.
class RoomPlayback : public QObject
{
    Q_OBJECT

public:
    RoomPlayback(RoomClient *room, MpvPlayer *player, QObject *parent = nullptr);
    ~RoomPlayback() override;

    // What a room's player asks of mpv, in the app and the headless client alike; `extra`
    // (the user's own mpv options) comes after, so it wins.
    static MpvPlayer::Options
    playerOptions(bool headless, const QList<std::pair<QByteArray, QByteArray>> &extra = {});

    // Where a source came from. The room's URL is whatever a server sent, so only http(s) is
    // opened: mpv also reads files and runs filter graphs, and a hostile server must not point
    // it at this computer. The user's own choice (a local copy, a test source) is theirs.
    enum class Source { Room, User };

    // Opens `media` paused (the room decides when it plays).
    void open(const QString &media, Source source);
    QString media() const { return m_media; }
    // What presence tells the room about this file: a local file's name and size, and the
    // length once known. Never its path.
    MediaIdentity mediaIdentity() const;
    // The last source the user chose (their own file), which the room's video does not replace.
    QString userMedia() const { return m_userMedia; }

    PlaybackFollower *follower() const { return m_follower; }
    PlayerStatusTracker *status() const { return m_status; }

Q_SIGNALS:
    // The host changed the room's video and this player now opens it.
    void videoChanged(const QString &url);

private:
    double knownDuration() const;

    RoomClient *m_room;
    MpvPlayer *m_player;
    PlaybackFollower *m_follower;
    PlayerStatusTracker *m_status;
    QString m_media;
    MediaIdentity m_file;
    QString m_userMedia;
    double m_reportedDuration = 0.0;
};

} // namespace watchium
