#include "realtime/PresenceLiveness.h"

#include <algorithm>
#include <cmath>

namespace watchium::server {

int PresenceLiveness::declaredIntervalMs(const QJsonValue &value)
{
    if (!value.isDouble())
        return 0;
    const double ms = value.toDouble();
    if (!std::isfinite(ms) || ms < kMinIntervalMs || ms > kMaxIntervalMs)
        return 0;
    return int(std::lround(ms));
}

qint64 PresenceLiveness::silenceBoundMs(int intervalMs, int presenceTimeoutMs)
{
    return std::max<qint64>(presenceTimeoutMs, 2LL * intervalMs);
}

bool PresenceLiveness::isSilent(int intervalMs, qint64 lastTrackMs, qint64 nowMs,
                                int presenceTimeoutMs)
{
    return intervalMs > 0 && nowMs - lastTrackMs > silenceBoundMs(intervalMs, presenceTimeoutMs);
}

} // namespace watchium::server
