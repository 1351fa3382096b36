#include "client/ServerClock.h"

#include <chrono>
#include <cmath>

namespace watchium {

namespace {
// Greedy pings go every 150 ms; on a 300 ms round trip two or three are out
// at once. More unanswered than this means the path or the server stalls,
// and piling on pings would only queue behind them.
constexpr int kMaxInFlight = 3;
} // namespace

ServerClock::ServerClock(Sender sender, QObject *parent)
    : QObject(parent)
    , m_send(std::move(sender))
{
    using namespace std::chrono;
    m_wallBaseMs =
        double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count())
        / 1000.0;
    m_monotonic.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ServerClock::ping);
}

void ServerClock::start()
{
    ++m_run;
    m_running = true;
    m_inFlight = 0; // replies to an earlier run are ignored, not counted
    m_timer.start(0);
}

void ServerClock::stop()
{
    ++m_run;
    m_running = false;
    m_timer.stop();
}

double ServerClock::localNowMs() const
{
    return m_wallBaseMs + m_localOffsetMs + double(m_monotonic.nsecsElapsed()) / 1e6;
}

qint64 ServerClock::serverNowMs() const
{
    return std::llround(localNowMs() + m_sync.offsetMs());
}

void ServerClock::ping()
{
    const double t0 = localNowMs();
    const quint64 run = m_run;
    ++m_inFlight;
    m_send({{QStringLiteral("t0"), t0}}, [this, t0, run](const ChannelReply &reply) {
        if (run != m_run || !m_running)
            return;
        --m_inFlight;
        if (reply.ok()) {
            const double t3 = localNowMs();
            const double t1 = reply.response.value(QLatin1String("t1")).toDouble(NAN);
            const double t2 = reply.response.value(QLatin1String("t2")).toDouble(NAN);
            if (m_sync.addSample(t0, t1, t2, t3))
                Q_EMIT updated();
        }
        scheduleNext();
    });
    scheduleNext();
}

void ServerClock::scheduleNext()
{
    if (m_running && !m_timer.isActive() && m_inFlight < kMaxInFlight)
        m_timer.start(int(m_sync.nextPingDelayMs()));
}

} // namespace watchium
