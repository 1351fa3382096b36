#pragma once

class QCommandLineParser;

namespace watchium::app {

// The desktop app: the main window, and an invite link on the command line joins directly.
class GuiMode
{
public:
    static int run(const QCommandLineParser &parser);
};

} // namespace watchium::app
