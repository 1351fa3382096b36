#pragma once

#include <QList>
#include <QtGlobal>

namespace watchium {

// Estimates offset = server clock - local clock from `clock` pings, with the
// minimum-delay filter NTP and Syncplay-style clients use: of the recent
// samples, the one with the smallest round-trip delay is the one least
// disturbed by queueing, so its offset is trusted.
//
// Error bound: a sample's offset is off by half the asymmetry of its two
// one-way delays, (up - down) / 2, which is never more than delay / 2. A
// symmetric path gives the exact offset; no filter can see asymmetry.
//
// Pure: timestamps come in as arguments (ms). Local times must come from one
// clock (ideally monotonic); server times from the server's clock.
class ClockSync
{
public:
    struct Tuning
    {
        // Enough samples that one is likely to have crossed an idle network
        // (16 periodic pings span 48 s), few enough that crystal drift
        // (cheap oscillators: up to ~100 ppm) stays a few ms across the window.
        int windowSize = 16;
        // A min-delay sample older than this (local ms, relative to the newest
        // sample) expires even if the window is not full, e.g. after pings
        // stopped for a while: 60 s of 100 ppm drift is 6 ms.
        double maxSampleAgeMs = 60'000.0;
        // Two samples of the same clocks agree within half their delays (each
        // offset is within delay / 2 of the truth). This slack on top covers
        // drift over a sample's lifetime and millisecond timestamp rounding.
        double consistencyMarginMs = 10.0;
        // Consecutive samples that agree with each other but not with the
        // estimate before it is treated as a clock step: one disagreeing
        // sample can be a bad timestamp, three in a row cannot.
        int stepConfirmSamples = 3;
        // Greedy start: a usable estimate within ~1 s of joining, before the
        // first control matters, with pings far enough apart that they see
        // different moments of cross traffic rather than queueing together.
        int greedyPings = 5;
        qint64 greedyIntervalMs = 150;
        // Then one ~100-byte ping every 3 s: cheap, and fresh enough that a
        // full window spans well under maxSampleAgeMs.
        qint64 periodicIntervalMs = 3000;
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
    // Round-trip delay of the sample the offset comes from, ms.
    double rttMs() const;
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
        double offsetMs;
        double delayMs;
        double localTimeMs; // t3: when it was taken, for aging
    };

    bool consistent(const Sample &a, const Sample &b) const;
    static const Sample *minDelay(const QList<Sample> &samples);
    void expire(double localNowMs);

    Tuning m_tuning;
    QList<Sample> m_samples;
    // Samples that disagree with the estimate, held back until enough of
    // them agree with each other to prove a clock step.
    QList<Sample> m_suspects;
};

} // namespace watchium
