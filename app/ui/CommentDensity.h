#pragma once

#include <QList>

namespace watchium::app {

// Where an episode's comments cluster, for the strip along the seek bar: the video cut into
// equal buckets, each the share of the busiest bucket's count (0..1). Pure.
class CommentDensity
{
public:
    // Empty without a duration or buckets. Timestamps outside 0..duration are left out.
    static QList<double> strip(const QList<double> &timestamps, double duration, int buckets);
};

} // namespace watchium::app
