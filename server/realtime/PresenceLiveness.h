#pragma once

#include <QJsonValue>
#include <QtGlobal>

namespace watchium::server {

// Whose presence the server may drop while their socket is still open. realtime-js tracks once
// and its presence lasts as long as its socket, which realtime-js keeps alive with a heartbeat
// every 25 s; the socket timeout (60 s) must tolerate that. A client that re-tracks on a period
// says so in phx_join's `config.presence.interval_ms` (Watchium's own: every 3 s); when such a
// client falls silent (frozen, suspended, its event loop stuck) while its kernel keeps the socket
// open, its presence is dropped after the bound here, long before the socket timeout.
class PresenceLiveness
{
public:
    // Shortest and longest period a client may declare; anything else declares nothing, so a
    // client cannot get itself expired every few ms, nor hold a bound past the socket timeout.
    static constexpr int kMinIntervalMs = 100;
    static constexpr int kMaxIntervalMs = 15'000;

    // The period declared by `value` (config.presence.interval_ms), or 0 when it declares none.
    static int declaredIntervalMs(const QJsonValue &value);
    // How long a channel that declared `intervalMs` may go without a track: the server's
    // presence timeout, and never less than two periods, so one late track is not an absence.
    static qint64 silenceBoundMs(int intervalMs, int presenceTimeoutMs);
    // Whether a channel last heard at `lastTrackMs` is silent at `nowMs`. Never for a channel
    // that declared no period.
    static bool isSilent(int intervalMs, qint64 lastTrackMs, qint64 nowMs, int presenceTimeoutMs);
};

} // namespace watchium::server
