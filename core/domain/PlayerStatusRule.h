#pragma once

#include "domain/PlayerStatus.h"

namespace watchium {

// Which PlayerStatus a player is in, from what it says about itself. Pure, so the order of
// precedence is a table in a test.
struct PlayerFacts
{
    bool failed = false; // the source cannot be played
    bool loaded = false; // the source is open
    bool heldLong = false; // a seek or an empty cache has held playback past the debounce
};

PlayerStatus playerStatusOf(const PlayerFacts &facts);

} // namespace watchium
