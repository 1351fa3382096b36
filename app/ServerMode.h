#pragma once

#include <QCommandLineParser>

namespace watchium::app {

// `watchium --server`: the headless server, its options and its run loop.
namespace ServerMode {
void addOptions(QCommandLineParser &parser);
int run(const QCommandLineParser &parser);
} // namespace ServerMode

} // namespace watchium::app
