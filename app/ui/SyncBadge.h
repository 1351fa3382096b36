#pragma once

#include <QCoreApplication>
#include <QString>

namespace watchium::app {

// How far a member's player is from the room, as the members list shows it. The thresholds
// follow what a viewer notices: 50 ms is below lip-sync perception, half a second is a visible lag.
class SyncBadge
{
    Q_DECLARE_TR_FUNCTIONS(watchium::app::SyncBadge)

public:
    enum class Level { InSync, Drifting, OutOfSync };

    static constexpr double kInSyncMs = 50.0;
    static constexpr double kDriftingMs = 500.0;

    static Level levelFor(double syncErrorMs);
    static QString label(Level level);
    // "In sync (+12 ms)".
    static QString describe(double syncErrorMs);
};

} // namespace watchium::app
