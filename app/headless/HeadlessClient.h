#pragma once

#include "domain/MediaIdentity.h"
#include "HeadlessOptions.h"

#include <QObject>
#include <QTimer>

namespace watchium {
struct RoomSession;
class MediaMismatches;
class MpvPlayer;
class PlaybackFollower;
class RoomClient;
class RoomPlayback;
} // namespace watchium

namespace watchium::app {

class HeadlessQueue;

// The scriptable client: enters a room, plays its video through libmpv with
// no window, follows the host, prints what happens as JSON lines and takes
// commands from stdin. Tests and benchmarks drive the real client this way.
class HeadlessClient : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessClient(HeadlessOptions options, QObject *parent = nullptr);
    ~HeadlessClient() override;

    void start();
    void command(const QString &line);
    // Leaves the room (so a host hands over at once), then finishes.
    void quit();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void create(const MediaIdentity &media);
    void entered(const RoomSession &session);
    void printState(const QString &reason);
    void printSample();
    void fail(const QString &message);

    HeadlessOptions m_options;
    RoomClient *m_room;
    MpvPlayer *m_player;
    RoomPlayback *m_playback;
    PlaybackFollower *m_follower;
    MediaMismatches *m_mismatches;
    HeadlessQueue *m_queue;
    QTimer m_sampleTimer;
    bool m_quitting = false;
};

} // namespace watchium::app
