#pragma once

#include <chrono>
#include <limits>

namespace watchium {

// mpv reports time-pos at most once per frame and a little after the frame was shown, so reading
// it directly lags by up to a frame. This extrapolates from the last reading by the wall time
// since it times the speed, but only while playback really advances. Pure logic: the caller passes
// the clock, so tests control time.
class PositionEstimator
{
public:
    using Clock = std::chrono::steady_clock;

    // A time-pos reading from the player, received at `at`.
    void setTimePos(double seconds, Clock::time_point at);
    // No media loaded, or the player cannot tell its position.
    void clearTimePos();
    // Whether the position moves: playing and not held by a seek, buffering or the end.
    void setAdvancing(bool advancing, Clock::time_point at);
    void setSpeed(double speed, Clock::time_point at);

    bool hasTimePos() const { return m_hasTimePos; }
    double timePos() const { return m_timePos; }

    // Never decreases while the position advances, so a reading that arrives a little late
    // does not make the caller see time step back; 0 when there is no reading.
    double position(Clock::time_point now) const;

private:
    double extrapolated(Clock::time_point now) const;

    double m_timePos = 0.0;
    Clock::time_point m_readAt;
    double m_speed = 1.0;
    bool m_hasTimePos = false;
    bool m_advancing = false;
    // What the caller may already have seen when the last reading arrived.
    double m_floor = std::numeric_limits<double>::lowest();
};

} // namespace watchium
