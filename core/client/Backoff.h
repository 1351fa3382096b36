#pragma once

#include <QtGlobal>

namespace watchium {

// How long to wait before reconnect attempt `attempt` (0 = the first retry
// after a loss): doubling from `initialMs`, capped at `maxMs`, then spread by
// ±`jitter`. The jitter is applied after the cap on purpose: when a server
// restarts, all its clients sit at the cap, and without the spread they
// would all come back in the same instant.
struct BackoffPolicy
{
    qint64 initialMs = 500;
    qint64 maxMs = 10'000;
    double jitter = 0.2; // fraction of the delay, each way
};

// Pure: `random01` is a uniform draw from [0, 1] (clamped), supplied by the
// caller so the schedule can be tested row by row.
qint64 backoffDelayMs(int attempt, double random01, const BackoffPolicy &policy = {});

} // namespace watchium
