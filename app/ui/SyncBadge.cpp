#include "SyncBadge.h"

#include <cmath>

namespace watchium::app {

SyncBadge::Level SyncBadge::levelFor(double syncErrorMs)
{
    const double e = std::abs(syncErrorMs);
    if (e <= kInSyncMs)
        return Level::InSync;
    if (e <= kDriftingMs)
        return Level::Drifting;
    return Level::OutOfSync;
}

QString SyncBadge::label(Level level)
{
    switch (level) {
    case Level::InSync:
        return tr("In sync");
    case Level::Drifting:
        return tr("Drifting");
    case Level::OutOfSync:
        break;
    }
    return tr("Out of sync");
}

QString SyncBadge::describe(double syncErrorMs)
{
    const long long ms = std::llround(syncErrorMs);
    const QString offset = ms > 0 ? QStringLiteral("+%1").arg(ms) : QString::number(ms);
    return tr("%1 (%2 ms)").arg(label(levelFor(syncErrorMs)), offset);
}

} // namespace watchium::app
