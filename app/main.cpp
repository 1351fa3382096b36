#include "headless/HeadlessOptions.h"
#include "HeadlessMode.h"
#include "ServerMode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>
#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    // The server holds thousands of sockets. Qt's glib event dispatcher keeps
    // socket notifiers in a linked list, so every write (which toggles a
    // notifier) costs O(sockets); Qt's own dispatcher does not.
    if (std::any_of(argv + 1, argv + argc,
                    [](const char *arg) { return std::strcmp(arg, "--server") == 0; }))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    // Per-message debug lines cost real time under load; QT_LOGGING_RULES
    // (e.g. "watchium.*.debug=true") brings them back.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("watchium.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("watchium"));
    QCoreApplication::setOrganizationName(QStringLiteral("Watchium"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WATCHIUM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watch anime together, in lock-step.\n\n"
                       "  watchium --server [options]     run a Watchium server\n"
                       "  watchium --headless [options]   run the scriptable client"));
    parser.addHelpOption();
    parser.addVersionOption();
    watchium::app::ServerMode::addOptions(parser);
    watchium::app::HeadlessOptions::addTo(parser);
    parser.process(app);

    if (parser.isSet(QStringLiteral("server")))
        return watchium::app::ServerMode::run(parser);
    if (parser.isSet(QStringLiteral("headless")))
        return watchium::app::HeadlessMode::run(parser);
    std::fputs("watchium: choose a mode: --server or --headless (see --help)\n", stderr);
    return 2;
}
