#include "headless/HeadlessOptions.h"
#include "HeadlessMode.h"
#include "ServerMode.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("watchium"));
    QCoreApplication::setOrganizationName(QStringLiteral("Watchium"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WATCHIUM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watch anime together, in lock-step.\n\n"
                       "  watchium --server [options]   run a Watchium server"));
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
