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
    parser.process(app);

    if (parser.isSet(QStringLiteral("server")))
        return watchium::app::ServerMode::run(parser);
    std::fputs("watchium: choose a mode; this build runs --server (see --help)\n", stderr);
    return 2;
}
