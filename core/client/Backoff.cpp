#include "client/Backoff.h"

#include <algorithm>
#include <cmath>

namespace watchium {

qint64 backoffDelayMs(int attempt, double random01, const BackoffPolicy &policy)
{
    // Doubling past 2^30 overflows long before it matters; the cap wins anyway.
    const int doublings = std::clamp(attempt, 0, 30);
    const double base =
        std::min(double(policy.initialMs) * std::pow(2.0, doublings), double(policy.maxMs));
    const double r = std::isfinite(random01) ? std::clamp(random01, 0.0, 1.0) : 0.5;
    const double factor = 1.0 + policy.jitter * (2.0 * r - 1.0);
    return std::max<qint64>(0, std::llround(base * factor));
}

} // namespace watchium
