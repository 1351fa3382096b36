#include "PositionEstimator.h"

#include <algorithm>

namespace watchium {

namespace {

// mpv updates time-pos at least once per frame; when it has been silent for longer than this,
// playback has stalled in a way mpv did not flag, and guessing further would only grow the error.
constexpr std::chrono::milliseconds kMaxExtrapolation {1000};

// A reading can arrive up to about a frame late; a larger step back is a real jump (a loop, a
// correction by mpv) and is shown as it is rather than held.
constexpr double kMaxHeldStepBack = 0.1;

constexpr double kNoFloor = std::numeric_limits<double>::lowest();

} // namespace

void PositionEstimator::setTimePos(double seconds, Clock::time_point at)
{
    m_floor = kNoFloor;
    if (m_advancing && m_hasTimePos) {
        const double shown = position(at);
        if (shown - seconds <= kMaxHeldStepBack)
            m_floor = shown;
    }
    m_timePos = seconds;
    m_readAt = at;
    m_hasTimePos = true;
}

void PositionEstimator::clearTimePos()
{
    m_timePos = 0.0;
    m_hasTimePos = false;
    m_floor = kNoFloor;
}

void PositionEstimator::setAdvancing(bool advancing, Clock::time_point at)
{
    if (advancing == m_advancing)
        return;
    // On a stop, the reading mpv gave for the frame it stopped on is the truth; on a start, the
    // position has been still until now.
    m_advancing = advancing;
    m_readAt = at;
    m_floor = kNoFloor;
}

void PositionEstimator::setSpeed(double speed, Clock::time_point at)
{
    if (m_advancing && m_hasTimePos) {
        m_timePos = position(at);
        m_readAt = at;
        m_floor = kNoFloor;
    }
    m_speed = speed;
}

double PositionEstimator::position(Clock::time_point now) const
{
    if (!m_hasTimePos || !m_advancing)
        return m_timePos;
    return std::max(m_floor, extrapolated(now));
}

double PositionEstimator::extrapolated(Clock::time_point now) const
{
    const auto elapsed =
        std::clamp<Clock::duration>(now - m_readAt, Clock::duration::zero(), kMaxExtrapolation);
    return m_timePos + m_speed * std::chrono::duration<double>(elapsed).count();
}

} // namespace watchium
