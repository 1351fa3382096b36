#include "HeadlessMode.h"

#include "headless/HeadlessClient.h"
#include "headless/JsonLines.h"
#include "headless/StdinLines.h"
#include "SignalWatcher.h"

#include <QCoreApplication>

#include <clocale>

namespace watchium::app::HeadlessMode {

int run(const QCommandLineParser &parser)
{
    HeadlessOptions options;
    const QString problem = HeadlessOptions::parse(parser, &options);
    if (!problem.isEmpty()) {
        printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                       {QStringLiteral("fatal"), true},
                       {QStringLiteral("message"), problem}});
        return 2;
    }
    // libmpv parses numbers with the C locale and refuses to start otherwise.
    std::setlocale(LC_NUMERIC, "C");
    HeadlessClient client(options);
    StdinLines input;
    SignalWatcher signals;
    QObject::connect(&input, &StdinLines::line, &client, &HeadlessClient::command);
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &client,
                     &HeadlessClient::quit);
    QObject::connect(&client, &HeadlessClient::finished, qApp, &QCoreApplication::exit);
    client.start();
    return QCoreApplication::exec();
}

} // namespace watchium::app::HeadlessMode
