#pragma once

#include <QtGlobal>

namespace watchium::bench::procstat {

// Readings from /proc for one process (0 = this one); negative when the
// process is gone or /proc cannot be read.
double rssMib(qint64 pid = 0);
double cpuSeconds(qint64 pid = 0); // user + system

} // namespace watchium::bench::procstat
