#pragma once

#include "sync/SyncController.h"

#include <QObject>
#include <QTimer>

namespace watchium {

class PlayerControl;
class RoomClient;

// Keeps a local player on the room's authoritative state: on every room
// change and 20 times a second it asks the SyncController what to do and
// does it. The host's own player follows the same way, so host and members
// start, pause and seek at the same server instant.
class PlaybackFollower : public QObject
{
    Q_OBJECT

public:
    PlaybackFollower(RoomClient *room, PlayerControl *player, QObject *parent = nullptr);

    // Following starts once the player has the video loaded.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // The player finished a seek (mpv's playback-restart).
    void seekFinished();
    // "Sync to live": seek to the room now, whatever the error.
    void syncToLive();

    double lastErrorMs() const { return m_lastErrorMs; }
    double appliedRate() const { return m_rate; }
    int seeksIssued() const { return m_seeks; }
    const SyncController &controller() const { return m_controller; }

Q_SIGNALS:
    void seekIssued(double target);

private:
    void follow();
    // A state that starts in the future is acted on at that instant, not at
    // the next tick: the tick would add up to 50 ms of error to every start.
    void scheduleStart();

    RoomClient *m_room;
    PlayerControl *m_player;
    SyncController m_controller;
    QTimer m_timer;
    QTimer m_startTimer;
    bool m_active = false;
    double m_rate = 1.0;
    double m_lastErrorMs = 0.0;
    int m_seeks = 0;
};

} // namespace watchium
