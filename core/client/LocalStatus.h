#pragma once

#include "domain/MediaIdentity.h"
#include "domain/PlayerStatus.h"

#include <QString>

namespace watchium {

// What this member's player is doing, as the room's presence shows it. The
// session does not know the player: the caller supplies these values.
struct LocalStatus
{
    double currentTime = 0.0; // seconds: the frame the player shows, never a seek's target
    bool isPlaying = false;
    double syncErrorMs = 0.0; // local position minus the room's expected one
    bool buffering = false;
    PlayerStatus player = PlayerStatus::Unknown;
    QString playerError = {}; // why the video cannot play, when player == Error
    double duration = 0.0; // the video's length in seconds, 0 while unknown
    MediaIdentity media = {}; // what the others compare their file to; never a path
};

} // namespace watchium
