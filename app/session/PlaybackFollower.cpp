#include "PlaybackFollower.h"

#include "client/RoomClient.h"
#include "PlayerControl.h"

namespace watchium {

namespace {
// SyncController wants at least 10 Hz; 20 Hz halves the time a drift can
// grow unseen and costs nothing next to decoding video.
constexpr int kFollowIntervalMs = 50;
} // namespace

PlaybackFollower::PlaybackFollower(RoomClient *room, PlayerControl *player, QObject *parent)
    : QObject(parent)
    , m_room(room)
    , m_player(player)
{
    m_timer.setInterval(kFollowIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PlaybackFollower::follow);
    m_startTimer.setSingleShot(true);
    m_startTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_startTimer, &QTimer::timeout, this, &PlaybackFollower::follow);
    // A new state is acted on at once, not at the next tick.
    connect(m_room, &RoomClient::roomStateChanged, this, [this] {
        follow();
        scheduleStart();
    });
}

void PlaybackFollower::setActive(bool active)
{
    m_active = active;
    if (active) {
        m_timer.start();
        follow();
    } else {
        m_timer.stop();
    }
}

void PlaybackFollower::seekFinished()
{
    m_controller.seekFinished(m_room->serverNowMs());
    follow();
}

void PlaybackFollower::syncToLive()
{
    m_controller.syncToLive();
    follow();
}

void PlaybackFollower::scheduleStart()
{
    const qint64 untilStart = m_room->roomState().serverTimeMs - m_room->serverNowMs();
    if (untilStart > 0)
        m_startTimer.start(int(untilStart));
}

void PlaybackFollower::follow()
{
    if (!m_active || !m_room->hasRoomState())
        return;
    const PlayerSnapshot snapshot {m_player->position(), m_player->isPlaying(), m_rate,
                                   m_player->isSeeking(), m_player->isAtEnd()};
    const SyncDecision d =
        m_controller.decide(m_room->roomState(), snapshot, m_room->serverNowMs());
    m_lastErrorMs = d.errorMs;
    if (d.seekTo) {
        m_player->seek(*d.seekTo);
        ++m_seeks;
        Q_EMIT seekIssued(*d.seekTo);
    }
    if (d.setRate) {
        m_rate = *d.setRate;
        m_player->setSpeed(m_rate);
    }
    if (d.setPlaying) {
        if (*d.setPlaying)
            m_player->play();
        else
            m_player->pause();
    }
}

} // namespace watchium
