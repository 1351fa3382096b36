#pragma once

#include <cmath>

namespace watchium::bench {

// A figure for a report, to one decimal: the benchmarks' precision is not better than that.
inline double round1(double v)
{
    return std::round(v * 10) / 10;
}

} // namespace watchium::bench
