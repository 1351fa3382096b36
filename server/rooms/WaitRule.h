#pragma once

#include "domain/PlayerStatus.h"

#include <QList>
#include <QStringList>

namespace watchium::server {

// Who a group wait waits for. Pure: the supervisor passes each member's last report and the
// time, so every rule is a data row in a test.
//
// Only members that say what their player does (Watchium clients send `player_state`) can be
// waited for: a supabase-js viewer reports nothing and never holds the room. A member whose
// player failed (Error) cannot be helped by waiting; one the last wait timed out on is left to
// catch up alone until its exclusion ends.
struct WaitCandidate
{
    QString userId;
    bool online = false;
    PlayerStatus status = PlayerStatus::Unknown;
    double position = 0.0; // what its player shows, seconds
    qint64 excludedUntilMs = 0;
};

class WaitRule
{
public:
    // How close to the wait's position a ready member must be: the paused hold puts it within
    // a frame; a member still on its way is not ready there.
    static constexpr double kReadyToleranceS = 0.5;

    // The member's player holds playback back: a play must wait for it, a playing room stops.
    static bool holdsPlayback(const WaitCandidate &c, qint64 nowMs);
    // During a wait at `position`: still not ready to start from there.
    static bool stillWaitedFor(const WaitCandidate &c, double position, qint64 nowMs);

    static QStringList holding(const QList<WaitCandidate> &members, qint64 nowMs);
    static QStringList notReadyAt(const QList<WaitCandidate> &members, double position,
                                  qint64 nowMs);
};

} // namespace watchium::server
