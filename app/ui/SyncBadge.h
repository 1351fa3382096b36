#pragma once

#include "domain/PlayerStatus.h"

#include <QCoreApplication>
#include <QString>

namespace watchium::app {

// How far a member's player is from the room, as the members list shows it. The thresholds
// follow what a viewer notices: 50 ms is below lip-sync perception, half a second is a visible lag.
class SyncBadge
{
    Q_DECLARE_TR_FUNCTIONS(watchium::app::SyncBadge)

public:
    // The last three say what the member's player does instead of an offset: a member whose
    // player cannot show the video is never "in sync", whatever position it reports.
    enum class Level { InSync, Drifting, OutOfSync, Loading, Buffering, CantPlay };

    static constexpr double kInSyncMs = 50.0;
    static constexpr double kDriftingMs = 500.0;

    static Level levelFor(double syncErrorMs, PlayerStatus player = PlayerStatus::Unknown);
    static QString label(Level level);
    // "In sync (+12 ms)", or "Buffering" / "Can't play" when the player says so.
    static QString describe(double syncErrorMs, PlayerStatus player = PlayerStatus::Unknown);
};

} // namespace watchium::app
