#include "domain/MediaMatch.h"

#include <cmath>

namespace watchium {

MediaMatch::Differences MediaMatch::compare(const MediaIdentity &mine, const MediaIdentity &host)
{
    Differences d;
    if (!mine.name.isEmpty() && !host.name.isEmpty()
        && mine.name.normalized(QString::NormalizationForm_C)
                .compare(host.name.normalized(QString::NormalizationForm_C), Qt::CaseInsensitive)
            != 0)
        d |= Difference::Name;
    if (mine.size >= 0 && host.size >= 0 && mine.size != host.size)
        d |= Difference::Size;
    if (mine.duration > 0.0 && host.duration > 0.0
        && std::abs(mine.duration - host.duration) > kDurationToleranceSeconds)
        d |= Difference::Duration;
    return d;
}

} // namespace watchium
