#pragma once

#include "ops/RateLimiter.h"
#include "rooms/Outcome.h"

#include <optional>

namespace watchium::server {

class KeyGuessStore;

// The limit on wrong private-room keys: at most the rule's count per address and five times it
// per room in any window. Only wrong guesses count, so a typo does not lock a friend out while
// walking a million keys takes years. Counted in the store, so every node on one PostgreSQL
// judges a guess against the same count.
class KeyGuessLimit
{
public:
    KeyGuessLimit(KeyGuessStore *store, RateLimiter::Rule rule);

    // Call inside a Transaction kept open until the guess is judged and recorded: the address's
    // and the room's slots stay locked meanwhile, so two nodes never both let the last allowed
    // guess through. The error to answer before the key is even looked at: 429 while either slot
    // is full, 500 when the store cannot tell.
    std::optional<ApiError> check(const QString &ip, const QString &roomId, qint64 now);
    bool recordWrong(const QString &ip, const QString &roomId, qint64 now);

    // Milliseconds until a slot has room again, given the time of its max-th newest guess in the
    // window (none: it has room now).
    static qint64 retryAfterMs(std::optional<qint64> nthNewestAt, qint64 windowMs, qint64 now);

private:
    KeyGuessStore *m_store;
    RateLimiter::Rule m_rule;
};

} // namespace watchium::server
