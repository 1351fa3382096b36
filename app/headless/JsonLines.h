#pragma once

#include <QJsonObject>

namespace watchium::app {

// One JSON object per line on stdout, flushed at once: scripts and tests
// read the headless client's output as it happens.
void printJsonLine(const QJsonObject &line);
// The true system clock in ms (fractional), whatever offset the client syncs with.
double wallClockMs();

} // namespace watchium::app
