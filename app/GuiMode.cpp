#include "GuiMode.h"

#include "MainWindow.h"
#include "SignalWatcher.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

namespace watchium::app {

int GuiMode::run(const QCommandLineParser &parser)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/watchium/watchium.png")));
    QApplication::setDesktopFileName(QStringLiteral("watchium"));
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
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        const QString link = args.first();
        // After the window is on screen, so errors are shown in it.
        QTimer::singleShot(0, &window, [&window, link] { window.joinInvite(link); });
    }
    return QApplication::exec();
}

} // namespace watchium::app
