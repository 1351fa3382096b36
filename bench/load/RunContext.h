#pragma once

#include "Plan.h"
#include "ShardStats.h"

#include "net/Reactor.h"

#include <chrono>
#include <memory>

namespace watchium::bench {

// Wall clock in µs. The server's own timestamps use the same clock, and
// every process of a run shares it (one machine), so a send time carried in
// a message can be compared with a receive time in any shard.
inline qint64 wallUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// State every member of a shard shares: the plan, the stats, and the
// measured window. Messages carry their send time as µs since runStartUs
// (controls in current_time, comments in the text, presence in a meta
// field), so any receiver can compute the delivery latency on its own.
struct RunContext
{
    const Plan *plan = nullptr;
    // Every member socket of the shard.
    std::unique_ptr<server::Reactor> reactor = server::Reactor::create();
    ShardStats stats;
    qint64 runStartUs = 0; // 0 until the parent says go
    qint64 runEndUs = 0; // sends stop here
    bool measuring = false; // inside [runStartUs, runEndUs]: count frames

    bool inWindow(qint64 offsetUs) const
    {
        return runStartUs > 0 && offsetUs >= 0 && offsetUs <= runEndUs - runStartUs;
    }
};

} // namespace watchium::bench
