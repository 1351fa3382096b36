#include "rooms/KeyGuessLimit.h"

#include "protocol/ErrorCodes.h"
#include "store/KeyGuessStore.h"

#include <algorithm>

namespace watchium::server {

namespace {
// A room may be tried from many addresses (friends typing it in), so its slot is looser.
constexpr int kRoomScale = 5;

QString ipSlot(const QString &ip)
{
    return QStringLiteral("ip:") + ip;
}

QString roomSlot(const QString &roomId)
{
    return QStringLiteral("room:") + roomId;
}
} // namespace

KeyGuessLimit::KeyGuessLimit(KeyGuessStore *store, RateLimiter::Rule rule)
    : m_store(store)
    , m_rule(rule)
{
}

qint64 KeyGuessLimit::retryAfterMs(std::optional<qint64> nthNewestAt, qint64 windowMs, qint64 now)
{
    if (!nthNewestAt)
        return 0;
    return std::max<qint64>(1, *nthNewestAt + windowMs - now);
}

std::optional<ApiError> KeyGuessLimit::check(const QString &ip, const QString &roomId, qint64 now)
{
    const ApiError unknown {500, protocol::errors::kStoreError,
                            QStringLiteral("the access key could not be checked; try again")};
    if (!m_store->lock({ipSlot(ip), roomSlot(roomId)}))
        return unknown;
    const qint64 since = now - m_rule.windowMs;
    qint64 retryMs = 0;
    for (const auto &[slot, max] : {std::pair {ipSlot(ip), m_rule.max},
                                    std::pair {roomSlot(roomId), m_rule.max * kRoomScale}}) {
        std::optional<qint64> nth;
        if (!m_store->nthNewestSince(slot, since, max, &nth))
            return unknown;
        retryMs = std::max(retryMs, retryAfterMs(nth, m_rule.windowMs, now));
    }
    if (retryMs == 0)
        return std::nullopt;
    return ApiError {429, protocol::errors::kRateLimited,
                     QStringLiteral("too many wrong access keys; try again later"),
                     int((retryMs + 999) / 1000)};
}

bool KeyGuessLimit::recordWrong(const QString &ip, const QString &roomId, qint64 now)
{
    return m_store->record(ipSlot(ip), now) && m_store->record(roomSlot(roomId), now);
}

} // namespace watchium::server
