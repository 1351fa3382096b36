#include "sync/SyncController.h"

#include <algorithm>
#include <cmath>

namespace watchium {

namespace {

void requestRate(SyncDecision &d, const PlayerSnapshot &player, double rate, double minChange)
{
    if (std::abs(player.rate - rate) > minChange)
        d.setRate = rate;
}

} // namespace

SyncController::SyncController()
    : SyncController(Tuning {})
{
}

SyncController::SyncController(const Tuning &tuning)
    : m_tuning(tuning)
    , m_seekLatencyMs(tuning.defaultSeekLatencyMs)
{
}

SyncDecision SyncController::decide(const RoomState &room, const PlayerSnapshot &player,
                                    qint64 serverNowMs)
{
    SyncDecision d;
    const bool scheduled = serverNowMs < room.serverTimeMs;
    if (!room.playing && scheduled && player.playing) {
        // A pause scheduled for t0: keep playing until then, or every member
        // would stop short of the pause position and then jump forward to it.
        // The error is measured against where playback meets that position.
        const double leadS = room.rate * double(room.serverTimeMs - serverNowMs) / 1000.0;
        d.errorMs = (player.position - (room.position - leadS)) * 1000.0;
        return d;
    }

    const double expected = room.expectedPosition(serverNowMs);
    d.errorMs = (player.position - expected) * 1000.0;
    // At the end, a player shows its last frame, a little before the end itself: seeking to
    // the end or unpausing there only bounces off it, hundreds of times a second. So a player
    // stopped at its own end with the room there or beyond (a shorter copy), or one within
    // reach of the end of a room that has ended, is left to stop there.
    const bool atOwnEnd = player.atEnd && expected >= player.position - m_tuning.endToleranceS;
    const bool atRoomEnd =
        room.endedAt(serverNowMs) && player.position >= room.duration - m_tuning.endToleranceS;
    if (atOwnEnd || atRoomEnd) {
        if (player.playing && player.atEnd)
            d.setPlaying = false;
        return d;
    }
    // A play scheduled for t0 holds paused at its position until then; at the end of the
    // video the room holds there.
    const bool roomPlaying = room.playing && !scheduled && !room.endedAt(serverNowMs);
    if (player.playing != roomPlaying)
        d.setPlaying = roomPlaying;

    if (m_seekPending && !player.seeking
        && serverNowMs - m_seekIssuedAtMs >= m_tuning.seekTimeoutMs)
        m_seekPending = false; // the report got lost or the player is stuck: try again
    // A new room state makes the seek in flight stale, so it does not block.
    const bool seekBlocked = m_seekPending && room.seq == m_seekSeq && !m_forceSeek;

    if (!roomPlaying) {
        holdPaused(d, room, player, serverNowMs, seekBlocked);
        return d;
    }

    if (m_forceSeek || std::abs(d.errorMs) > m_tuning.seekThresholdMs) {
        if (!seekBlocked) {
            // Aim where the room will be when the seek lands, not where it is.
            const qint64 landsAt = serverNowMs + std::llround(m_seekLatencyMs);
            issueSeek(d, room.expectedPosition(landsAt), room.seq, serverNowMs);
        }
        requestRate(d, player, room.rate, 0.0);
        return d;
    }
    // Mid-seek the player's position is where it was or where it is going,
    // not where it plays: nudging on it would fight the seek.
    if (m_seekPending)
        return d;

    const double rate = glideRate(d.errorMs, room.rate);
    // The exact room rate is always worth restoring; a nudge only when it
    // differs enough from the current one to matter.
    requestRate(d, player, rate, m_inDeadZone ? 0.0 : m_tuning.minRateChange);
    return d;
}

void SyncController::seekFinished(qint64 serverNowMs)
{
    if (!m_seekPending)
        return;
    // After superseded seeks the player reports once, for the whole chain.
    if (!m_seekSuperseded)
        recordSeekLatency(double(serverNowMs - m_seekIssuedAtMs));
    m_seekPending = false;
}

void SyncController::recordSeekLatency(double ms)
{
    if (ms > m_tuning.maxSeekLatencyMs)
        return;
    ms = std::max(ms, 0.0);
    if (!m_latencyMeasured) {
        m_seekLatencyMs = ms;
        m_latencyMeasured = true;
        return;
    }
    m_seekLatencyMs += m_tuning.seekLatencySmoothing * (ms - m_seekLatencyMs);
}

void SyncController::holdPaused(SyncDecision &d, const RoomState &room,
                                const PlayerSnapshot &player, qint64 serverNowMs, bool seekBlocked)
{
    // Nothing moves, so the seek goes exactly to the room's frame, and the
    // speed only goes back to the room rate, ready for the next play.
    m_inDeadZone = false;
    const bool off = std::abs(d.errorMs) > m_tuning.pausedSeekThresholdMs;
    if ((m_forceSeek || off) && !seekBlocked)
        issueSeek(d, room.expectedPosition(serverNowMs), room.seq, serverNowMs);
    requestRate(d, player, room.rate, 0.0);
}

void SyncController::issueSeek(SyncDecision &d, double target, qint64 seq, qint64 serverNowMs)
{
    d.seekTo = target;
    m_seekSuperseded = m_seekPending;
    m_seekPending = true;
    m_seekIssuedAtMs = serverNowMs;
    m_seekSeq = seq;
    m_forceSeek = false;
    m_inDeadZone = false;
}

double SyncController::glideRate(double errorMs, double roomRate)
{
    const double absError = std::abs(errorMs);
    if (m_inDeadZone && absError > m_tuning.deadZoneExitMs)
        m_inDeadZone = false;
    else if (!m_inDeadZone && absError < m_tuning.deadZoneEnterMs)
        m_inDeadZone = true;
    if (m_inDeadZone)
        return roomRate;

    const double adjust = std::clamp(-m_tuning.gainPerSecond * errorMs / 1000.0,
                                     -m_tuning.maxRateAdjust, m_tuning.maxRateAdjust);
    return roomRate * (1.0 + adjust);
}

} // namespace watchium
