#pragma once

#include <QList>
#include <QtGlobal>

namespace watchium {

// Estimates offset = server clock - local clock from `clock` pings.
//
// Each exchange bounds the offset from both sides: the request cannot arrive
// before it was sent, so offset <= t1 - t0, and the reply neither, so
// offset >= t2 - t3. Over the recent samples of unchanged clocks the offset
// lies in the intersection [max(t2 - t3), min(t1 - t0)], and the estimate is
// its middle. This is NTP's minimum-delay filter applied to each direction
// on its own: on a jittery path the quickest request and the quickest reply
// rarely belong to the same exchange, and the single min-delay sample then
// carries the asymmetry of its two legs, while the two minima do not.
//
// Error bound: half the intersection's width, min(t1 - t0) + min(t3 - t2),
// the round trip of the best exchange the window can combine. A path whose
// two directions always differ (a slow upload) still shifts the estimate by
// half that difference: no filter can see constant asymmetry.
//
// Pure: timestamps come in as arguments (ms). Local times must come from one
// clock (ideally monotonic); server times from the server's clock.
class ClockSync
{
public:
    struct Tuning
    {
        // Enough samples that each direction's minimum comes from an exchange
        // that crossed an idle path. The minimum of n delays spread evenly
        // over a width w sits w / (n + 1) above the floor on average, so on a
        // +-100 ms path 16 samples leave ~12 ms per direction and 60 ~3 ms.
        int windowSize = 64;
        // The window's span is the drift bound: the intersection assumes the
        // offset held still while its samples were taken, and 60 s of cheap
        // crystal drift (up to ~100 ppm; NTP-disciplined clocks drift far
        // less) is 6 ms. Also expires samples after pings stopped a while.
        double maxSampleAgeMs = 60'000.0;
        // A sample agrees with the window when its own bounds overlap the
        // window's, up to this slack for drift over the window and
        // millisecond timestamp rounding.
        double consistencyMarginMs = 10.0;
        // Consecutive samples that agree with each other but not with the
        // estimate before it is treated as a clock step: one disagreeing
        // sample can be a bad timestamp, three in a row cannot.
        int stepConfirmSamples = 3;
        // Greedy start: a usable estimate within ~1 s of joining, before the
        // first control matters. ServerClock leaves at most three pings
        // unanswered, so a stalled path is never flooded.
        int greedyPings = 5;
        qint64 greedyIntervalMs = 150;
        // A path is jittery when the window's median round trip exceeds its
        // quickest by more than this (a quiet LAN or cable: a few ms). Then
        // more samples tighten the minima: the greedy start runs on to
        // jitteryGreedyPings (~5 s: 16 samples still left ~20 ms of error
        // now and then at 150 +- 100 ms), and pings go every
        // jitteryIntervalMs, which fills the window with ~60 samples inside
        // maxSampleAgeMs.
        double jitterySpreadMs = 10.0;
        int jitteryGreedyPings = 32;
        qint64 jitteryIntervalMs = 1000;
        // Otherwise one ~100-byte ping every 3 s: cheap, and 20 samples per
        // window are plenty when they all agree.
        qint64 periodicIntervalMs = 3000;
        // downDelayMs() is this percentile of the window's server-to-client
        // delays: the lead a broadcast needs to arrive in time nearly always.
        double downDelayPercentile = 95.0;
    };

    ClockSync();
    explicit ClockSync(const Tuning &tuning);

    // t0 local send, t1 server receive, t2 server send, t3 local receive (ms).
    // Returns false for a sample no real exchange can produce (time running
    // backwards, negative delay, non-finite values); it is ignored.
    bool addSample(double t0, double t1, double t2, double t3);

    bool hasEstimate() const { return !m_samples.isEmpty(); }
    // Server clock minus local clock, ms; 0 until there is an estimate.
    double offsetMs() const;
    // The round trip the estimate is bounded by (its error is at most half
    // of it): the quickest request plus the quickest reply in the window, ms.
    double rttMs() const;
    // How late a message from the server arrives: downDelayPercentile of the
    // one-way server-to-client delays in the window (ms; 0 without samples).
    // Unlike rttMs() this grows with jitter, as the lateness of broadcasts does.
    double downDelayMs() const;
    // Median minus quickest round trip in the window, ms: the path's jitter.
    double spreadMs() const;
    bool isJittery() const { return spreadMs() > m_tuning.jitterySpreadMs; }
    // Samples in the window the estimate is chosen from.
    int sampleCount() const { return int(m_samples.size()); }
    // How long to wait before the next ping: greedy while the window is thin
    // or a clock step is suspected, periodic otherwise.
    qint64 nextPingDelayMs() const;
    // The server clock's reading at local time `localNowMs`.
    qint64 serverNow(qint64 localNowMs) const;

    const Tuning &tuning() const { return m_tuning; }

private:
    struct Sample
    {
        double upMs; // t1 - t0: offset + request delay
        double downMs; // t3 - t2: reply delay - offset
        double localTimeMs; // t3: when it was taken, for aging

        double offsetMs() const { return (upMs - downMs) / 2.0; }
        double delayMs() const { return upMs + downMs; }
    };
    // The offset lies in [low, high] for every sample of a list.
    struct Bounds
    {
        double low;
        double high;
    };

    bool consistent(const Sample &sample, const Bounds &bounds) const;
    static Bounds bounds(const QList<Sample> &samples);
    void expire(double localNowMs);

    Tuning m_tuning;
    QList<Sample> m_samples;
    // Samples that disagree with the estimate, held back until enough of
    // them agree with each other to prove a clock step.
    QList<Sample> m_suspects;
};

} // namespace watchium
