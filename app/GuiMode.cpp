#include "GuiMode.h"

#include "client/InviteLink.h"
#include "MainWindow.h"
#include "RoomBeacon.h"
#include "SignalWatcher.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace watchium::app {

int GuiMode::run(const QCommandLineParser &parser)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/watchium/watchium.png")));
    QApplication::setDesktopFileName(QStringLiteral("watchium"));
    const QStringList args = parser.positionalArguments();
    // An invite to a room open in another window of this user brings that window forward: the
    // same member must not join twice (the server would refuse the second as user_id_taken).
    if (!args.isEmpty()) {
        if (const auto link = InviteLink::parse(args.first());
            link && RoomBeacon::raiseExisting(link->roomId)) {
            std::fputs("watchium: the room is already open in another window; brought it "
                       "forward.\n",
                       stdout);
            return 0;
        }
    }
    Translations translations;
    translations.install(Translations::languageSetting());
    MainWindow::Options options;
    options.translations = &translations;
    options.mapPort = true;
    MainWindow window(options);
    window.show();
    // SIGTERM (a logout, `kill`) ends the app as quitting does: the window's destructor stops
    // the server, which closes its rooms and removes the port mapping from the router.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &window,
                     [] { QApplication::quit(); });
    if (!args.isEmpty()) {
        const QString link = args.first();
        // After the window is on screen, so errors are shown in it.
        QTimer::singleShot(0, &window, [&window, link] { window.joinInvite(link); });
    }
    return QApplication::exec();
}

} // namespace watchium::app
