#include "SyncBadge.h"

#include <cmath>

namespace watchium::app {

SyncBadge::Level SyncBadge::levelFor(double syncErrorMs, PlayerStatus player)
{
    switch (player) {
    case PlayerStatus::Error:
        return Level::CantPlay;
    case PlayerStatus::Loading:
        return Level::Loading;
    case PlayerStatus::Buffering:
        return Level::Buffering;
    case PlayerStatus::Ready:
    case PlayerStatus::Unknown:
        break;
    }
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
    case Level::Loading:
        return tr("Loading the video");
    case Level::Buffering:
        return tr("Buffering");
    case Level::CantPlay:
        return tr("Can't play");
    case Level::OutOfSync:
        break;
    }
    return tr("Out of sync");
}

QString SyncBadge::describe(double syncErrorMs, PlayerStatus player)
{
    const Level level = levelFor(syncErrorMs, player);
    // An offset says nothing while the player shows no video.
    if (level == Level::Loading || level == Level::Buffering || level == Level::CantPlay)
        return label(level);
    const long long ms = std::llround(syncErrorMs);
    const QString offset = ms > 0 ? QStringLiteral("+%1").arg(ms) : QString::number(ms);
    return tr("%1 (%2 ms)").arg(label(levelFor(syncErrorMs)), offset);
}

} // namespace watchium::app
