#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <array>

namespace watchium::server {

// How late a periodic timer fires, kept as counts of stalls and the largest of the last minute:
// time the serving thread spent on one event (a slow statement, a large fan-out) delays every
// socket, and it shows here before anywhere else. Pure: fed times, no clock of its own.
class LoopLagTally
{
public:
    static constexpr qint64 kStallMs = 50;
    static constexpr qint64 kLongStallMs = 250;
    static constexpr qint64 kWindowMs = 60'000;

    // Lateness of a timer of `intervalMs` that fired at `previousMs` and again at `nowMs`.
    static qint64 lateness(qint64 previousMs, qint64 nowMs, int intervalMs);

    // The timer fired `lateMs` late at `atMs` (a monotonic clock, ms).
    void record(qint64 atMs, qint64 lateMs);
    // The largest lateness recorded within kWindowMs before `nowMs`.
    qint64 recentMax(qint64 nowMs) const;
    qint64 stalls() const { return m_stalls; }
    qint64 longStalls() const { return m_longStalls; }

private:
    // The window in six slices of ten seconds, each its own maximum, and the slice under way: a
    // stall leaves the figure a minute (at most ten seconds more) after it happened, whatever
    // came since.
    static constexpr qint64 kSliceMs = kWindowMs / 6;
    struct Slice
    {
        qint64 index = -1;
        qint64 max = 0;
    };
    std::array<Slice, 7> m_slices {};
    qint64 m_stalls = 0;
    qint64 m_longStalls = 0;
};

// Measures the event loop of the thread it lives in with a precise 50 ms timer.
class LoopLagProbe : public QObject
{
    Q_OBJECT

public:
    static constexpr int kIntervalMs = 50;

    explicit LoopLagProbe(QObject *parent = nullptr);
    // Starts measuring from now: the server calls it once started, so the time its start took
    // (the store, migrations) is not counted as a stall.
    void begin();

    const LoopLagTally &tally() const { return m_tally; }
    qint64 nowMs() const { return m_clock.elapsed(); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    LoopLagTally m_tally;
};

} // namespace watchium::server
