#include "Coordinator.h"
#include "LoadOptions.h"
#include "LoadWorker.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

#include <sys/resource.h>

namespace {

// Every member is a socket; 10,000 of them need more than the usual soft
// limit of 1,024 descriptors.
void raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    raiseOpenFileLimit();
    // Qt's glib event dispatcher keeps socket notifiers in a linked list, so
    // every socket write costs O(sockets); with thousands of sockets that
    // would make the generator the bottleneck. Use Qt's own dispatcher here,
    // and leave the variable as it was for the server this process spawns.
    const bool hadNoGlib = qEnvironmentVariableIsSet("QT_NO_GLIB");
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    if (!hadNoGlib)
        qunsetenv("QT_NO_GLIB");
    QCoreApplication::setApplicationName(QStringLiteral("watchium-load"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for `watchium --server`: N members on real WebSockets in M rooms, "
        "host controls, presence and comments; prints one JSON object of results."));
    parser.addHelpOption();
    watchium::bench::LoadOptions::addTo(parser);
    parser.process(app);

    watchium::bench::LoadOptions options;
    const QString error = watchium::bench::LoadOptions::parse(parser, &options);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "watchium-load: %s\n", qPrintable(error));
        return 2;
    }
    if (!options.workerPlan.isEmpty()) {
        watchium::bench::Plan plan;
        if (!watchium::bench::Plan::load(options.workerPlan, &plan)) {
            std::fprintf(stderr, "watchium-load: cannot read plan %s\n",
                         qPrintable(options.workerPlan));
            return 2;
        }
        watchium::bench::LoadWorker worker(std::move(plan));
        worker.start();
        return QCoreApplication::exec();
    }
    watchium::bench::Coordinator coordinator(std::move(options));
    coordinator.start();
    return QCoreApplication::exec();
}
