// `watchium-server`: the server alone, built from core and server only (no Widgets, OpenGL or
// libmpv), for a community's machine. Same options and behaviour as `watchium --server`.
#include "AppIdentity.h"
#include "ServerMode.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // As in `watchium --server`: Qt's own event dispatcher, not glib's, whose socket notifiers
    // cost O(sockets) per write.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    watchium::app::setUpApplication();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run a Watchium server (the same as `watchium --server`, without the "
                       "desktop app's libraries)."));
    parser.addHelpOption();
    parser.addVersionOption();
    // Takes --server too, so a command line written for `watchium --server` works as it is.
    watchium::app::ServerMode::addOptions(parser);
    // --version names this program; the data directory stays the one `watchium --server` uses,
    // so the name goes back once the command line is read.
    const QString sharedName = QCoreApplication::applicationName();
    QCoreApplication::setApplicationName(QStringLiteral("watchium-server"));
    parser.process(app);
    QCoreApplication::setApplicationName(sharedName);
    return watchium::app::ServerMode::run(parser);
}
