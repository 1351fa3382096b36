#include "CommentDensity.h"

#include <algorithm>
#include <cmath>

namespace watchium::app {

QList<double> CommentDensity::strip(const QList<double> &timestamps, double duration, int buckets)
{
    if (!(duration > 0) || buckets <= 0)
        return {};
    QList<int> counts(buckets, 0);
    for (double t : timestamps) {
        if (!(t >= 0) || t > duration)
            continue;
        // The very end belongs to the last bucket, not one past it.
        const int bucket = std::min(buckets - 1, int(std::floor(t / duration * buckets)));
        ++counts[bucket];
    }
    const int busiest = *std::max_element(counts.cbegin(), counts.cend());
    QList<double> strip(buckets, 0.0);
    if (busiest == 0)
        return strip;
    for (int i = 0; i < buckets; ++i)
        strip[i] = double(counts[i]) / busiest;
    return strip;
}

} // namespace watchium::app
