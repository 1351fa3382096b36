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

    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

    // Per-user and per-IP limit; the error to answer with when exceeded.
    std::optional<ApiError> limit(RateLimiter::Kind kind, const QString &userKey,
                                  const QString &ip) const;
};

} // namespace watchium::server
