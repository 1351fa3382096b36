#include "AppIdentity.h"
#include "GuiMode.h"
#include "headless/HeadlessOptions.h"
#include "HeadlessMode.h"
#include "ServerMode.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstring>
#include <memory>

int main(int argc, char *argv[])
{
    // The server and headless modes must run where there is no display: no QApplication there.
    bool gui = true;
    bool server = false;
    for (int i = 1; i < argc; ++i) {
        server = server || std::strcmp(argv[i], "--server") == 0;
        // --help and --version print and exit: they must work without a display too.
        for (const char *noGui :
             {"--server", "--headless", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], noGui) == 0)
                gui = false;
        }
    }
    // The server holds thousands of sockets. Qt's glib event dispatcher keeps
    // socket notifiers in a linked list, so every write (which toggles a
    // notifier) costs O(sockets); Qt's own dispatcher does not.
    if (server)
        qputenv("QT_NO_GLIB", "1");
    std::unique_ptr<QCoreApplication> application;
    if (gui)
        application = std::make_unique<QApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    watchium::app::setUpApplication();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watch anime together, in lock-step.\n\n"
                       "  watchium [watchium://HOST:PORT/ROOM?key=KEY]   the desktop app\n"
                       "  watchium --server [options]     run a Watchium server\n"
                       "  watchium --headless [options]   run the scriptable client"));
    parser.addHelpOption();
    parser.addVersionOption();
    watchium::app::ServerMode::addOptions(parser);
    watchium::app::HeadlessOptions::addTo(parser);
    parser.addPositionalArgument(QStringLiteral("invite"),
                                 QStringLiteral("An invite link to join (desktop app)."),
                                 QStringLiteral("[invite]"));
    parser.process(app);

    if (parser.isSet(QStringLiteral("server")))
        return watchium::app::ServerMode::run(parser);
    if (parser.isSet(QStringLiteral("headless")))
        return watchium::app::HeadlessMode::run(parser);
    return watchium::app::GuiMode::run(parser);
}
