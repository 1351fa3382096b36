#include "PlayerStatusTracker.h"

#include "domain/PlayerStatusRule.h"
#include "MpvPlayer.h"

namespace watchium {

PlayerStatusTracker::PlayerStatusTracker(MpvPlayer *player, QObject *parent)
    : QObject(parent)
    , m_player(player)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        m_heldLong = true;
        update();
    });
    connect(player, &MpvPlayer::fileLoaded, this, [this] {
        m_loaded = true;
        update();
    });
    connect(player, &MpvPlayer::loadFailed, this, [this](const QString &message) {
        m_loaded = false;
        m_error = message;
        update();
    });
    connect(player, &MpvPlayer::bufferingChanged, this, &PlayerStatusTracker::update);
    connect(player, &MpvPlayer::seekingChanged, this, &PlayerStatusTracker::update);
    connect(player, &MpvPlayer::playbackRestarted, this, &PlayerStatusTracker::update);
}

void PlayerStatusTracker::refused(const QString &why)
{
    m_loaded = false;
    m_error = why;
    update();
}

void PlayerStatusTracker::opening()
{
    m_loaded = false;
    m_error.clear();
    m_debounce.stop();
    m_heldLong = false;
    update();
}

void PlayerStatusTracker::update()
{
    const bool held = m_player->isBuffering() || m_player->isSeeking();
    if (!held) {
        m_debounce.stop();
        m_heldLong = false;
    } else if (!m_heldLong && !m_debounce.isActive()) {
        m_debounce.start();
    }
    const PlayerStatus next = playerStatusOf({!m_error.isEmpty(), m_loaded, m_heldLong});
    if (next == m_status)
        return;
    m_status = next;
    Q_EMIT statusChanged(next);
}

} // namespace watchium
