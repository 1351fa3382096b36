#pragma once

#include "client/ChannelReply.h"
#include "sync/ClockSync.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>

namespace watchium {

// Runs the `clock` ping exchange on ClockSync's schedule (greedy at join,
// then periodic) and answers "what time is it on the server?".
//
// Local time is the wall clock read once at construction, advanced by a
// monotonic timer: samples never see the wall clock step (NTP, the user),
// and the offset stays near zero when client and server share a clock.
class ServerClock : public QObject
{
    Q_OBJECT

public:
    // Pushes a `clock` payload on the channel; the handler gets the reply.
    using Sender = std::function<void(const QJsonObject &payload, ReplyHandler handler)>;

    explicit ServerClock(Sender sender, QObject *parent = nullptr);

    // Pings now, then whenever ClockSync asks, without waiting for replies
    // (a slow path would stretch the greedy start to many round trips) but
    // with at most a few unanswered; the estimate survives stops.
    void start();
    void stop();

    double localNowMs() const;
    // Shifts the local clock this client syncs with (tests and benchmarks
    // prove clock sync works when clocks disagree).
    void setLocalOffsetMs(double offsetMs) { m_localOffsetMs = offsetMs; }
    qint64 serverNowMs() const;
    const ClockSync &sync() const { return m_sync; }

Q_SIGNALS:
    void updated();

private:
    void ping();
    void scheduleNext();

    Sender m_send;
    ClockSync m_sync;
    QTimer m_timer;
    QElapsedTimer m_monotonic;
    double m_wallBaseMs = 0.0;
    double m_localOffsetMs = 0.0;
    // Bumped by start/stop so the replies of an earlier run cannot start a
    // second ping chain next to the current one.
    quint64 m_run = 0;
    int m_inFlight = 0;
    bool m_running = false;
};

} // namespace watchium
