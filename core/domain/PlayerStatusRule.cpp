#include "domain/PlayerStatusRule.h"

namespace watchium {

PlayerStatus playerStatusOf(const PlayerFacts &facts)
{
    // A failure outranks everything: a player that failed is not "loading" forever.
    if (facts.failed)
        return PlayerStatus::Error;
    if (!facts.loaded)
        return PlayerStatus::Loading;
    return facts.heldLong ? PlayerStatus::Buffering : PlayerStatus::Ready;
}

} // namespace watchium
