#pragma once

#include "domain/RoomState.h"
#include "sync/PlayerSnapshot.h"
#include "sync/SyncDecision.h"

#include <QtGlobal>

namespace watchium {

// Decides how the local player follows the room: the error
// e = local position - expected(server now) is fixed by a seek when large, by
// nudging the playback speed when small, and left alone inside a dead zone.
//
// Pure: the caller passes the server time (ClockSync::serverNow) and applies
// the decision; call decide() on every player position update and on a timer
// of at least 10 Hz, and seekFinished() when the player reports a seek done.
class SyncController
{
public:
    // Starting values, to be re-tuned by measurement (see the sync benchmark).
    // For comparison: Syncplay slows to 0.95x past 1.5 s of drift and seeks
    // past 4 s ahead / 5 s behind; Jellyfin's web client nudges speed past
    // 60 ms and skips past 400 ms. Watchium targets |e| < 10 ms, so its
    // numbers are tighter.
    struct Tuning
    {
        // Seek instead of gliding when |e| exceeds this. At the maxRateAdjust
        // clamp a 500 ms glide already takes ~10 s; a larger error is better
        // fixed by one seek's brief stall than by an ever longer glide.
        double seekThresholdMs = 500.0;
        // Paused: one frame at 25 fps. A smaller mismatch shows no different
        // picture, so a seek would only cost a decode.
        double pausedSeekThresholdMs = 40.0;
        // rate = room rate * (1 - k * e[s]): an exponential glide with time
        // constant 1 / (k * rate), ~1 s at k = 1. A 100 ms error runs at the
        // clamp down to 50 ms (1 s), is under 10 ms ~1.6 s later and in the
        // dead zone after ~3.3 s in all (the simulation test checks this).
        double gainPerSecond = 1.0;
        // Largest speed change, as a fraction of the room rate: Syncplay's
        // SLOWDOWN_RATE (0.95); mpv's scaletempo keeps the pitch, so the
        // change stays subtle.
        double maxRateAdjust = 0.05;
        // Hysteresis: play at exactly the room rate once |e| falls under the
        // first, and start nudging again only when it passes the second, so
        // position noise of a few ms does not toggle the speed at 10 Hz. A
        // glide stops at the first, so it is the residual error, and it adds
        // to the clock estimate's own few ms: 5 ms keeps the sum under the
        // 10 ms target (the simulation test checks this). The second bounds
        // what a step of the clock estimate (a new quickest ping) can leave
        // uncorrected: at 15 ms such steps sat in the band for minutes on a
        // jittery path and were most of the benchmark's p95 there.
        double deadZoneEnterMs = 5.0;
        double deadZoneExitMs = 10.0;
        // A guess, used until the first seek is measured.
        double defaultSeekLatencyMs = 150.0;
        // Weight of a new latency measurement (the first one replaces the
        // default outright): smooths one slow seek, follows a new source.
        double seekLatencySmoothing = 0.25;
        // A measurement above this is a stall (network buffering), not
        // latency, and is dropped: a catch-up seek aimed that far ahead lands
        // ahead of the room by the whole stall.
        double maxSeekLatencyMs = 1000.0;
        // No second seek for the same room state until the first one is
        // reported done or this passes: mpv seeks on a network stream can
        // take seconds, and re-seeking meanwhile only restarts them.
        // While the player still says it is seeking, its seek is not lost.
        qint64 seekTimeoutMs = 3000;
        // A player stopped at its end within this of where the room is has
        // nothing to follow: its file ends there (or the room's has ended).
        double endToleranceS = 0.5;
        // A nudge smaller than this (0.1%: under 1 ms of error per second)
        // is not worth a player command. The room rate itself is exact.
        double minRateChange = 0.001;
    };

    SyncController();
    explicit SyncController(const Tuning &tuning);

    SyncDecision decide(const RoomState &room, const PlayerSnapshot &player, qint64 serverNowMs);

    // The player finished the seek decide() asked for; its latency feeds the
    // estimate unless a newer seek replaced it in flight.
    void seekFinished(qint64 serverNowMs);
    // A seek latency measured elsewhere (ms), smoothed into the estimate.
    void recordSeekLatency(double ms);
    double seekLatencyMs() const { return m_seekLatencyMs; }
    bool seekPending() const { return m_seekPending; }

    // The "sync to live" button: the next decide() seeks to the room's
    // position whatever the error, even over a seek still in flight.
    void syncToLive() { m_forceSeek = true; }

    const Tuning &tuning() const { return m_tuning; }

private:
    void holdPaused(SyncDecision &d, const RoomState &room, const PlayerSnapshot &player,
                    qint64 serverNowMs, bool seekBlocked);
    void issueSeek(SyncDecision &d, double target, qint64 seq, qint64 serverNowMs);
    double glideRate(double errorMs, double roomRate);

    Tuning m_tuning;
    double m_seekLatencyMs;
    bool m_latencyMeasured = false;
    bool m_seekPending = false;
    bool m_seekSuperseded = false;
    qint64 m_seekIssuedAtMs = 0;
    qint64 m_seekSeq = 0;
    bool m_forceSeek = false;
    bool m_inDeadZone = false;
};

} // namespace watchium
