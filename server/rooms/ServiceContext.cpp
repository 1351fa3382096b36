#include "rooms/ServiceContext.h"

#include "ops/Metrics.h"
#include "protocol/ErrorCodes.h"

namespace watchium::server {

namespace {
constexpr int kIpScale = 5;

QString ipSlot(const QString &ip)
{
    return QStringLiteral("ip:") + ip;
}

const char *kindName(RateLimiter::Kind kind)
{
    switch (kind) {
    case RateLimiter::Kind::RoomCreation:
        return "room_creation";
    case RateLimiter::Kind::SyncControl:
        return "sync_control";
    case RateLimiter::Kind::Comments:
        return "comments";
    case RateLimiter::Kind::RoomManagement:
        return "room_management";
    case RateLimiter::Kind::KeyAttempts:
        return "key_attempts";
    case RateLimiter::Kind::Broadcasts:
        return "broadcast";
    case RateLimiter::Kind::Reads:
        return "read";
    case RateLimiter::Kind::Reactions:
        return "reaction";
    }
    return "unknown";
}
} // namespace

QString ServiceContext::memberKey(const QString &roomId, const QString &userId)
{
    return QStringLiteral("m:%1/%2").arg(roomId, userId);
}

QString ServiceContext::claimedKey(const QString &userId, const QString &ip)
{
    return userId.isEmpty() ? QString() : QStringLiteral("c:%1/%2").arg(ip, userId);
}

void ServiceContext::refund(RateLimiter::Kind kind, const QString &userKey, const QString &ip,
                            int cost) const
{
    if (!config->rateLimits)
        return;
    if (!userKey.isEmpty())
        limiter->refund(kind, userKey, cost);
    if (!ip.isEmpty())
        limiter->refund(kind, ipSlot(ip), cost);
}

std::optional<ApiError> ServiceContext::limit(RateLimiter::Kind kind, const QString &userKey,
                                              const QString &ip, int cost) const
{
    if (!config->rateLimits)
        return std::nullopt;
    const qint64 t = now();
    qint64 retryMs = 0;
    const QString ipKey = ipSlot(ip);
    const bool userOk =
        userKey.isEmpty() || limiter->wouldAllow(kind, userKey, t, &retryMs, 1, cost);
    const bool ipOk = ip.isEmpty() || limiter->wouldAllow(kind, ipKey, t, &retryMs, kIpScale, cost);
    if (userOk && ipOk) {
        if (!userKey.isEmpty())
            limiter->record(kind, userKey, t, cost);
        if (!ip.isEmpty())
            limiter->record(kind, ipKey, t, cost);
        return std::nullopt;
    }
    if (metrics)
        metrics->rejected(QStringLiteral("rate_limit_%1").arg(QLatin1String(kindName(kind))));
    const int retrySeconds = int(std::max<qint64>(1, (retryMs + 999) / 1000));
    return ApiError {429, protocol::errors::kRateLimited,
                     QStringLiteral("too many %1 requests; try again in %2 s")
                         .arg(QLatin1String(kindName(kind)))
                         .arg(retrySeconds),
                     retrySeconds};
}

} // namespace watchium::server
