#pragma once

#include <optional>

namespace watchium {

// What the local player should do now to follow the room. Any combination of
// the three actions can be set (e.g. seek and play after joining a playing
// room); apply the seek first, then the rate, then play or pause, so playback
// resumes at the new position and speed.
struct SyncDecision
{
    std::optional<double> seekTo; // seconds
    std::optional<double> setRate; // playback speed, only when it must change
    std::optional<bool> setPlaying; // true: play, false: pause
    double errorMs = 0.0; // local - expected position, for presence

    bool isNone() const { return !seekTo && !setRate && !setPlaying; }
};

} // namespace watchium
