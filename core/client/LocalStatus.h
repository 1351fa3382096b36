#pragma once

namespace watchium {

// What this member's player is doing, as the room's presence shows it. The
// session does not know the player: the caller supplies these values.
struct LocalStatus
{
    double currentTime = 0.0; // seconds
    bool isPlaying = false;
    double syncErrorMs = 0.0; // local position minus the room's expected one
    bool buffering = false;
};

} // namespace watchium
