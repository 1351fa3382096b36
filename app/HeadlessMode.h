#pragma once

#include <QCommandLineParser>

namespace watchium::app {

// `watchium --headless`: runs the scriptable client until it quits.
namespace HeadlessMode {
int run(const QCommandLineParser &parser);
} // namespace HeadlessMode

} // namespace watchium::app
