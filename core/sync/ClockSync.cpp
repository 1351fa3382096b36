#include "sync/ClockSync.h"

#include <cmath>

namespace watchium {

ClockSync::ClockSync()
    : ClockSync(Tuning {})
{
}

ClockSync::ClockSync(const Tuning &tuning)
    : m_tuning(tuning)
{
}

bool ClockSync::addSample(double t0, double t1, double t2, double t3)
{
    if (!std::isfinite(t0) || !std::isfinite(t1) || !std::isfinite(t2) || !std::isfinite(t3))
        return false;
    const double delay = (t3 - t0) - (t2 - t1);
    // The server cannot have held the request longer than the round trip took.
    if (t3 < t0 || t2 < t1 || delay < 0.0)
        return false;
    const Sample sample {((t1 - t0) + (t2 - t3)) / 2.0, delay, t3};

    expire(t3);
    const Sample *best = minDelay(m_samples);
    if (best && !consistent(sample, *best)) {
        // A fresh run of suspects starts whenever the new one disagrees with
        // the previous ones too: random garbage must not pass for a step.
        const Sample *bestSuspect = minDelay(m_suspects);
        if (bestSuspect && !consistent(sample, *bestSuspect))
            m_suspects.clear();
        m_suspects.append(sample);
        if (m_suspects.size() >= m_tuning.stepConfirmSamples) {
            // The clock stepped: everything in the window describes the old
            // relation, so holding its min-delay sample would keep the stale
            // offset until it aged out.
            m_samples = m_suspects;
            m_suspects.clear();
        }
        return true;
    }

    m_suspects.clear();
    m_samples.append(sample);
    while (m_samples.size() > m_tuning.windowSize)
        m_samples.removeFirst();
    return true;
}

double ClockSync::offsetMs() const
{
    const Sample *best = minDelay(m_samples);
    return best ? best->offsetMs : 0.0;
}

double ClockSync::rttMs() const
{
    const Sample *best = minDelay(m_samples);
    return best ? best->delayMs : 0.0;
}

qint64 ClockSync::nextPingDelayMs() const
{
    if (m_samples.size() < m_tuning.greedyPings || !m_suspects.isEmpty())
        return m_tuning.greedyIntervalMs;
    return m_tuning.periodicIntervalMs;
}

qint64 ClockSync::serverNow(qint64 localNowMs) const
{
    return localNowMs + std::llround(offsetMs());
}

bool ClockSync::consistent(const Sample &a, const Sample &b) const
{
    // Each offset lies within delay / 2 of the truth, so two samples of
    // unchanged clocks cannot differ by more than the sum of those halves.
    const double bound = (a.delayMs + b.delayMs) / 2.0 + m_tuning.consistencyMarginMs;
    return std::abs(a.offsetMs - b.offsetMs) <= bound;
}

const ClockSync::Sample *ClockSync::minDelay(const QList<Sample> &samples)
{
    const Sample *best = nullptr;
    // On a tie the newer sample wins: it has drifted less.
    for (const Sample &s : samples) {
        if (!best || s.delayMs <= best->delayMs)
            best = &s;
    }
    return best;
}

void ClockSync::expire(double localNowMs)
{
    // Age is measured against the newest local time; a local clock that
    // jumped backwards makes ages negative, which keeps the samples until
    // the step detection replaces them.
    const auto tooOld = [&](const Sample &s) {
        return localNowMs - s.localTimeMs > m_tuning.maxSampleAgeMs;
    };
    m_samples.removeIf(tooOld);
    m_suspects.removeIf(tooOld);
}

} // namespace watchium
