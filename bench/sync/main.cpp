// watchium-sync-bench: how closely headless members follow a headless host
// through a real server, with the members' traffic delayed and jittered by a
// proxy and one member's clock shifted. Prints one JSON object.

#include "DelayProxy.h"
#include "HeadlessProcess.h"
#include "SyncAnalysis.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace watchium;
using bench::SyncAnalysis;
using test::HeadlessProcess;

namespace {

struct Step
{
    QString command;
    int holdMs; // how long the room runs in this state before the next step
};

// The script; --short scales it down for the CTest smoke run.
QList<Step> script(bool isShort)
{
    if (isShort) {
        return {{QStringLiteral("play"), 3000},       {QStringLiteral("seek 60"), 2500},
                {QStringLiteral("pause"), 1000},      {QStringLiteral("play"), 1500},
                {QStringLiteral("speed 1.25"), 2500}, {QStringLiteral("speed 1.0"), 2500}};
    }
    return {{QStringLiteral("play"), 30000},       {QStringLiteral("seek 90"), 20000},
            {QStringLiteral("pause"), 5000},       {QStringLiteral("play"), 10000},
            {QStringLiteral("speed 1.25"), 20000}, {QStringLiteral("speed 1.0"), 10000}};
}

struct NetworkProfile
{
    int delayMs;
    int jitterMs;
};

// The two paths: the benchmark's original one, and bad Wi-Fi.
std::optional<NetworkProfile> networkProfile(const QString &name)
{
    if (name == QLatin1String("default"))
        return NetworkProfile {40, 20};
    if (name == QLatin1String("wifi"))
        return NetworkProfile {150, 100};
    return std::nullopt;
}

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void fail(const QString &message)
{
    std::fprintf(stderr, "watchium-sync-bench: %s\n", qPrintable(message));
    std::exit(1);
}

bool joinedWithVideo(const QJsonObject &l)
{
    return l.value(QLatin1String("event")) == QLatin1String("state")
        && l.value(QLatin1String("connection")) == QLatin1String("joined")
        && l.value(QLatin1String("video_loaded")).toBool();
}

QList<SyncAnalysis::Sample> samplesOf(const HeadlessProcess &p)
{
    QList<SyncAnalysis::Sample> samples;
    for (const QJsonObject &l : p.lines(QStringLiteral("sample"))) {
        samples.append({l.value(QLatin1String("wall_ms")).toDouble(),
                        l.value(QLatin1String("position")).toDouble(),
                        l.value(QLatin1String("seeks")).toInt()});
    }
    return samples;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures member-vs-host playback error through a delaying proxy; prints JSON."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("binary"), QStringLiteral("The watchium executable."),
         QStringLiteral("path"), QStringLiteral(WATCHIUM_BINARY)},
        {QStringLiteral("members"), QStringLiteral("Members besides the host (default 4)."),
         QStringLiteral("k"), QStringLiteral("4")},
        {QStringLiteral("profile"),
         QStringLiteral("Members' network: 'default' (40 +- 20 ms one way) or 'wifi' (bad "
                        "Wi-Fi, 150 +- 100 ms); --delay-ms and --jitter-ms override it."),
         QStringLiteral("name"), QStringLiteral("default")},
        {QStringLiteral("delay-ms"), QStringLiteral("One-way delay for members."),
         QStringLiteral("ms")},
        {QStringLiteral("jitter-ms"), QStringLiteral("Uniform jitter, +- this."),
         QStringLiteral("ms")},
        {QStringLiteral("clock-offset-ms"),
         QStringLiteral("Clock shift of the last member (default 1500)."), QStringLiteral("ms"),
         QStringLiteral("1500")},
        {QStringLiteral("seed"), QStringLiteral("Jitter seed (default 1)."), QStringLiteral("n"),
         QStringLiteral("1")},
        {QStringLiteral("short"), QStringLiteral("A few seconds' script (smoke test).")},
        {QStringLiteral("raw"), QStringLiteral("Also write every client's JSON lines here."),
         QStringLiteral("dir")},
        {QStringLiteral("check"),
         QStringLiteral("Exit non-zero unless the results are complete (no timing checks).")},
    });
    parser.process(app);
    const QString binary = parser.value(QStringLiteral("binary"));
    const int memberCount = parser.value(QStringLiteral("members")).toInt();
    const QString profileName = parser.value(QStringLiteral("profile"));
    const auto profile = networkProfile(profileName);
    if (!profile)
        fail(QStringLiteral("unknown --profile '%1': use default or wifi").arg(profileName));
    const int delayMs = parser.isSet(QStringLiteral("delay-ms"))
        ? parser.value(QStringLiteral("delay-ms")).toInt()
        : profile->delayMs;
    const int jitterMs = parser.isSet(QStringLiteral("jitter-ms"))
        ? parser.value(QStringLiteral("jitter-ms")).toInt()
        : profile->jitterMs;
    const double clockOffsetMs = parser.value(QStringLiteral("clock-offset-ms")).toDouble();
    const bool isShort = parser.isSet(QStringLiteral("short"));
    if (memberCount < 1 || delayMs < 0 || jitterMs < 0 || jitterMs > delayMs)
        fail(QStringLiteral("need --members >= 1 and 0 <= --jitter-ms <= --delay-ms"));

    QTemporaryDir dir;
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(binary,
                 {QStringLiteral("--server"), QStringLiteral("--port"), QStringLiteral("0"),
                  QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--no-rate-limits")});
    if (!server.waitForStarted(10000) || !server.waitForReadyRead(15000))
        fail(QStringLiteral("the server did not start"));
    const auto ready = QRegularExpression(QStringLiteral("^listening on (http://[^:]+:(\\d+))"))
                           .match(QString::fromUtf8(server.readLine()));
    if (!ready.hasMatch())
        fail(QStringLiteral("the server did not print its ready line"));
    const QString directUrl = ready.captured(1);
    bench::DelayProxy proxy(quint16(ready.captured(2).toUInt()), delayMs, jitterMs,
                            parser.value(QStringLiteral("seed")).toUInt());
    if (!proxy.listen())
        fail(QStringLiteral("the delay proxy could not listen"));
    const QString proxiedUrl = QStringLiteral("http://127.0.0.1:%1").arg(proxy.port());
    const QString media = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=300");
    const QStringList common {QStringLiteral("--media"), media,
                              QStringLiteral("--sample-interval-ms"), QStringLiteral("50")};

    HeadlessProcess host(QStringLiteral("host"), binary);
    host.start(QStringList {QStringLiteral("--server-url"), directUrl, QStringLiteral("--create"),
                            QStringLiteral("--title"), QStringLiteral("Sync benchmark"),
                            QStringLiteral("--anime-id"), QStringLiteral("bench"),
                            QStringLiteral("--anime-title"), QStringLiteral("Benchmark"),
                            QStringLiteral("--video"), QStringLiteral("https://example.com/b.mp4"),
                            QStringLiteral("--name"), QStringLiteral("host")}
               + common);
    const auto room = host.waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("room");
        },
        20000);
    if (!room || !host.waitFor(joinedWithVideo, 20000))
        fail(QStringLiteral("the host did not get its room and video"));
    const QString roomId = room->value(QLatin1String("room_id")).toString();

    std::vector<std::unique_ptr<HeadlessProcess>> members;
    for (int i = 0; i < memberCount; ++i) {
        const QString name = QStringLiteral("member-%1").arg(i + 1);
        QStringList args {QStringLiteral("--server-url"), proxiedUrl,
                          QStringLiteral("--room"),       roomId,
                          QStringLiteral("--name"),       name};
        if (i == memberCount - 1 && clockOffsetMs != 0.0)
            args << QStringLiteral("--debug-clock-offset-ms") << QString::number(clockOffsetMs);
        members.push_back(std::make_unique<HeadlessProcess>(name, binary));
        members.back()->start(args + common);
    }
    for (const auto &m : members) {
        if (!m->waitFor(joinedWithVideo, 30000))
            fail(QStringLiteral("%1 did not join with its video").arg(m->name()));
    }
    runFor(2000); // the members' clock estimates settle (greedy pings)

    QList<SyncAnalysis::Action> actions;
    for (const Step &step : script(isShort)) {
        const int from = host.lineCount();
        host.send(step.command);
        const auto state = host.waitFor(
            [](const QJsonObject &l) {
                return l.value(QLatin1String("reason")) == QLatin1String("room_state");
            },
            10000, from);
        if (!state)
            fail(QStringLiteral("the host's '%1' was not applied").arg(step.command));
        actions.append({step.command,
                        state->value(QLatin1String("room"))
                            .toObject()
                            .value(QLatin1String("server_time_ms"))
                            .toDouble()});
        runFor(step.holdMs);
    }
    const double endWallMs = host.lastSample()->value(QLatin1String("wall_ms")).toDouble();

    if (parser.isSet(QStringLiteral("raw"))) {
        QList<const HeadlessProcess *> all {&host};
        for (const auto &m : members)
            all.append(m.get());
        for (const HeadlessProcess *p : all)
            p->saveLines(parser.value(QStringLiteral("raw")) + QLatin1Char('/') + p->name()
                         + QStringLiteral(".jsonl"));
    }
    QMap<QString, QList<SyncAnalysis::Sample>> memberSamples;
    for (const auto &m : members)
        memberSamples.insert(m->name(), samplesOf(*m));
    QJsonObject result =
        SyncAnalysis::analyse(samplesOf(host), memberSamples, actions, endWallMs, {});
    QJsonArray offsets;
    for (const auto &m : members)
        offsets.append(m->lastSample()->value(QLatin1String("offset_ms")));
    result.insert(QStringLiteral("benchmark"), QStringLiteral("sync"));
    result.insert(QStringLiteral("params"),
                  QJsonObject {{QStringLiteral("members"), memberCount},
                               {QStringLiteral("profile"), profileName},
                               {QStringLiteral("delay_ms"), delayMs},
                               {QStringLiteral("jitter_ms"), jitterMs},
                               {QStringLiteral("clock_offset_ms"), clockOffsetMs},
                               {QStringLiteral("short"), isShort}});
    result.insert(QStringLiteral("measured_clock_offsets_ms"), offsets);
    result.insert(
        QStringLiteral("proxy_delays"),
        QJsonObject {{QStringLiteral("to_server"), SyncAnalysis::summary(proxy.toServerDelays())},
                     {QStringLiteral("to_client"), SyncAnalysis::summary(proxy.toClientDelays())}});
    result.insert(QStringLiteral("goal"),
                  QJsonObject {{QStringLiteral("p95_ms"), 25},
                               {QStringLiteral("p50_ms"), 10},
                               {QStringLiteral("converge_after_seek_ms"), 2000}});
    std::puts(QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);

    for (const auto &m : members)
        m->send(QStringLiteral("quit"));
    host.send(QStringLiteral("quit"));
    for (const auto &m : members)
        m->waitForExit(5000);
    host.waitForExit(5000);
    ::kill(pid_t(server.processId()), SIGTERM);
    server.waitForFinished(10000);

    if (parser.isSet(QStringLiteral("check"))) {
        const QJsonObject steady = result.value(QLatin1String("steady")).toObject();
        const bool complete = steady.value(QLatin1String("samples")).toInt() > 0
            && result.value(QLatin1String("convergence")).toArray().size() == actions.size();
        if (!complete) {
            std::fputs("watchium-sync-bench: incomplete results\n", stderr);
            return 1;
        }
    }
    return 0;
}
