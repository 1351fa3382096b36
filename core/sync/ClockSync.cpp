#include "sync/ClockSync.h"

#include <algorithm>
#include <cmath>

namespace watchium {

namespace {

// Nearest rank: the smallest value with at least p% of the values at or below it.
double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0.0;
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    const qsizetype index = std::clamp<qsizetype>(rank - 1, 0, values.size() - 1);
    std::nth_element(values.begin(), values.begin() + index, values.end());
    return values.at(index);
}

} // namespace

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
    const Sample sample {t1 - t0, t3 - t2, t3};

    expire(t3);
    if (!m_samples.isEmpty() && !consistent(sample, bounds(m_samples))) {
        // A fresh run of suspects starts whenever the new one disagrees with
        // the previous ones too: random garbage must not pass for a step.
        if (!m_suspects.isEmpty() && !consistent(sample, bounds(m_suspects)))
            m_suspects.clear();
        m_suspects.append(sample);
        if (m_suspects.size() >= m_tuning.stepConfirmSamples) {
            // The clock stepped: everything in the window describes the old
            // relation, and its bounds would keep the stale offset until
            // they aged out.
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
    if (m_samples.isEmpty())
        return 0.0;
    const Bounds b = bounds(m_samples);
    return (b.low + b.high) / 2.0;
}

double ClockSync::rttMs() const
{
    if (m_samples.isEmpty())
        return 0.0;
    // Drift and timestamp rounding can cross the bounds by a hair.
    const Bounds b = bounds(m_samples);
    return std::max(0.0, b.high - b.low);
}

double ClockSync::downDelayMs() const
{
    const double offset = offsetMs();
    QList<double> delays;
    delays.reserve(m_samples.size());
    for (const Sample &s : m_samples)
        delays.append(std::max(0.0, s.downMs + offset));
    return percentile(delays, m_tuning.downDelayPercentile);
}

double ClockSync::spreadMs() const
{
    QList<double> delays;
    delays.reserve(m_samples.size());
    for (const Sample &s : m_samples)
        delays.append(s.delayMs());
    if (delays.isEmpty())
        return 0.0;
    const double quickest = *std::min_element(delays.cbegin(), delays.cend());
    return percentile(delays, 50.0) - quickest;
}

qint64 ClockSync::nextPingDelayMs() const
{
    const bool jittery = isJittery();
    if (m_samples.size() < m_tuning.greedyPings || !m_suspects.isEmpty()
        || (jittery && m_samples.size() < m_tuning.jitteryGreedyPings))
        return m_tuning.greedyIntervalMs;
    return jittery ? m_tuning.jitteryIntervalMs : m_tuning.periodicIntervalMs;
}

qint64 ClockSync::serverNow(qint64 localNowMs) const
{
    return localNowMs + std::llround(offsetMs());
}

bool ClockSync::consistent(const Sample &sample, const Bounds &bounds) const
{
    // Unchanged clocks put the true offset inside every sample's bounds, so
    // a sample whose bounds miss the window's describes other clocks.
    const double margin = m_tuning.consistencyMarginMs;
    return -sample.downMs <= bounds.high + margin && bounds.low <= sample.upMs + margin;
}

ClockSync::Bounds ClockSync::bounds(const QList<Sample> &samples)
{
    Bounds b {-INFINITY, INFINITY};
    for (const Sample &s : samples) {
        b.low = std::max(b.low, -s.downMs);
        b.high = std::min(b.high, s.upMs);
    }
    return b;
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
