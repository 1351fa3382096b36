#include "rooms/WaitRule.h"

#include <cmath>

namespace watchium::server {

namespace {

bool waitable(const WaitCandidate &c, qint64 nowMs)
{
    return c.online && nowMs >= c.excludedUntilMs;
}

bool busy(PlayerStatus status)
{
    return status == PlayerStatus::Loading || status == PlayerStatus::Buffering;
}

} // namespace

bool WaitRule::holdsPlayback(const WaitCandidate &c, qint64 nowMs)
{
    return waitable(c, nowMs) && busy(c.status);
}

bool WaitRule::stillWaitedFor(const WaitCandidate &c, double position, qint64 nowMs)
{
    if (!waitable(c, nowMs))
        return false;
    if (busy(c.status))
        return true;
    // A ready player elsewhere is on its way to the wait's position (its seek has not begun,
    // or its report is older than the seek).
    return c.status == PlayerStatus::Ready && std::abs(c.position - position) > kReadyToleranceS;
}

QStringList WaitRule::holding(const QList<WaitCandidate> &members, qint64 nowMs)
{
    QStringList ids;
    for (const WaitCandidate &c : members) {
        if (holdsPlayback(c, nowMs))
            ids.append(c.userId);
    }
    return ids;
}

QStringList WaitRule::notReadyAt(const QList<WaitCandidate> &members, double position, qint64 nowMs)
{
    QStringList ids;
    for (const WaitCandidate &c : members) {
        if (stillWaitedFor(c, position, nowMs))
            ids.append(c.userId);
    }
    return ids;
}

} // namespace watchium::server
