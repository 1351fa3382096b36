#pragma once

#include "ops/RateLimiter.h"
#include "rooms/LiveRooms.h"
#include "rooms/Outcome.h"
#include "rooms/RoomEvents.h"
#include "ServerConfig.h"
#include "store/CommentStore.h"
#include "store/SyncStateStore.h"

#include <QDateTime>

#include <optional>

namespace watchium::server {

class KeyGuessStore;
class Metrics;

// Who is calling: the member token they presented (header, body or socket)
// and their address, for per-IP limits.
struct Caller
{
    QString token;
    QString ip;
};

// What every room service shares. Passed in, never global.
struct ServiceContext
{
    const ServerConfig *config = nullptr;
    RoomStore *rooms = nullptr;
    MemberStore *members = nullptr;
    CommentStore *comments = nullptr;
    SyncStateStore *syncStates = nullptr;
    LiveRooms *live = nullptr;
    RoomEvents *events = nullptr;
    RateLimiter *limiter = nullptr;
    Metrics *metrics = nullptr;
    // For units of work that span stores (Transaction).
    Database *db = nullptr;
    KeyGuessStore *keyGuesses = nullptr;

    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

    // Whose budget a call spends. A member's token proves who they are, so their calls count
    // against that membership; a user_id claimed without a token proves nothing, so it counts
    // only together with the address it came from, and nobody can spend another person's
    // budget from elsewhere.
    static QString memberKey(const QString &roomId, const QString &userId);
    static QString claimedKey(const QString &userId, const QString &ip);

    // The limit on `userKey` (from memberKey() or claimedKey(); empty for none) and on the
    // address; the error to answer with when either is exceeded. `cost`: events the call
    // stands for.
    std::optional<ApiError> limit(RateLimiter::Kind kind, const QString &userKey, const QString &ip,
                                  int cost = 1) const;
    // Takes back what limit() recorded for a call that did nothing new, in the same turn.
    void refund(RateLimiter::Kind kind, const QString &userKey, const QString &ip,
                int cost = 1) const;
};

} // namespace watchium::server
