#pragma once

namespace watchium {

// What the sync logic needs to know about the local player at one instant.
struct PlayerSnapshot
{
    // Seconds. Precise: the player's last reported position plus the time
    // since that report times its speed, not a raw, stale `time-pos`.
    double position = 0.0;
    bool playing = false;
    double rate = 1.0; // current playback speed
    bool seeking = false; // a seek is still under way
    bool atEnd = false; // stopped at the end of its media
};

} // namespace watchium
