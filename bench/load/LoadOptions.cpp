#include "LoadOptions.h"

#include <QCommandLineParser>

#include <cmath>

namespace watchium::bench {

namespace {

struct Preset
{
    const char *name;
    const char *description;
    int rooms;
    int membersPerRoom;
    double durationS;
    int controlIntervalMs;
    int presenceIntervalMs;
    int commentIntervalMs;
    int shards;
};

// The scenarios. (c) has no presence: in one room of 1,000 every
// track is a diff to all 1,000 members (333,000 frames/s at one per 3 s),
// which would measure presence, not how fast a play spreads.
const Preset kPresets[] = {
    {"smoke", "20 rooms x 5, 3 s: the CTest smoke run", 20, 5, 3, 500, 3000, 2000, 1},
    {"a", "1,000 rooms x 10 members", 1000, 10, 30, 5000, 3000, 30000, 2},
    {"b", "10,000 members in 1,000 rooms; raise --rate to find the ceiling", 1000, 10, 30, 2000,
     3000, 30000, 2},
    {"c", "one room of 1,000 members receiving controls", 1, 1000, 20, 2000, 0, 0, 2},
    {"4k", "4,000 clients (400 rooms x 10), the p99 <= 5 ms goal", 400, 10, 30, 5000, 3000, 30000,
     1},
};

bool readInt(const QCommandLineParser &p, const char *name, int min, int *value, QString *error)
{
    const QString option = QString::fromLatin1(name);
    if (!p.isSet(option))
        return true;
    bool ok = false;
    const int parsed = p.value(option).toInt(&ok);
    if (!ok || parsed < min) {
        *error = QStringLiteral("--%1 needs a whole number >= %2").arg(option).arg(min);
        return false;
    }
    *value = parsed;
    return true;
}

bool readDouble(const QCommandLineParser &p, const char *name, double min, double *value,
                QString *error)
{
    const QString option = QString::fromLatin1(name);
    if (!p.isSet(option))
        return true;
    bool ok = false;
    const double parsed = p.value(option).toDouble(&ok);
    if (!ok || !(parsed > min)) {
        *error = QStringLiteral("--%1 needs a number > %2").arg(option).arg(min);
        return false;
    }
    *value = parsed;
    return true;
}

} // namespace

int LoadOptions::scaled(int intervalMs) const
{
    return intervalMs <= 0 ? 0 : std::max(1, int(std::lround(intervalMs / rate)));
}

QJsonObject LoadOptions::toJson() const
{
    return {{QStringLiteral("rooms"), rooms},
            {QStringLiteral("members_per_room"), membersPerRoom},
            {QStringLiteral("members"), members()},
            {QStringLiteral("duration_s"), durationS},
            {QStringLiteral("rate"), rate},
            {QStringLiteral("control_interval_ms"), scaled(controlIntervalMs)},
            {QStringLiteral("presence_interval_ms"), scaled(presenceIntervalMs)},
            {QStringLiteral("comment_interval_ms"), scaled(commentIntervalMs)},
            {QStringLiteral("bindings"), bindings},
            {QStringLiteral("shards"), shards},
            {QStringLiteral("server"),
             spawnPath.isEmpty() ? urls.join(u' ') : QStringLiteral("spawned")},
            {QStringLiteral("nodes"), nodeCount()}};
}

void LoadOptions::addTo(QCommandLineParser &parser)
{
    QString scenarios;
    for (const Preset &p : kPresets)
        scenarios +=
            QStringLiteral("\n  %1: %2").arg(QLatin1String(p.name), QLatin1String(p.description));
    parser.addOption({QStringLiteral("scenario"), QStringLiteral("Preset:") + scenarios,
                      QStringLiteral("name"), QStringLiteral("a")});
    parser.addOption({QStringLiteral("rooms"), QStringLiteral("Rooms."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("members-per-room"),
                      QStringLiteral("Members in each room, host included."), QStringLiteral("n")});
    parser.addOption(
        {QStringLiteral("duration"), QStringLiteral("Measured seconds."), QStringLiteral("s")});
    parser.addOption({QStringLiteral("rate"),
                      QStringLiteral("Multiplies every control, presence and comment rate."),
                      QStringLiteral("x")});
    parser.addOption({QStringLiteral("control-interval-ms"),
                      QStringLiteral("Gap between one host's controls."), QStringLiteral("ms")});
    parser.addOption({QStringLiteral("presence-interval-ms"),
                      QStringLiteral("Gap between one member's presence tracks; 0 = none."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("comment-interval-ms"),
                      QStringLiteral("Mean gap between one member's comments; 0 = none."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("no-bindings"),
                      QStringLiteral("Join without the postgres_changes binding on rooms.")});
    parser.addOption({QStringLiteral("shards"),
                      QStringLiteral("Generator processes sharing the members."),
                      QStringLiteral("k")});
    parser.addOption({QStringLiteral("connect-concurrency"),
                      QStringLiteral("WebSocket handshakes in flight per shard."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("connect-timeout"),
                      QStringLiteral("Seconds to wait for every member to join; then the "
                                     "window starts with those that did (default 120)."),
                      QStringLiteral("s")});
    parser.addOption({QStringLiteral("spawn"),
                      QStringLiteral("Start this watchium binary as the server (--server "
                                     "--port 0 --no-rate-limits, temporary data dir)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("server-arg"),
                      QStringLiteral("Extra argument for the spawned server (repeatable)."),
                      QStringLiteral("arg")});
    parser.addOption({QStringLiteral("url"),
                      QStringLiteral("Attach to a running server, e.g. http://127.0.0.1:8787 "
                                     "(run it with --no-rate-limits); repeat for the nodes of "
                                     "one community."),
                      QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("nodes"),
         QStringLiteral("With --spawn: start this many servers on one PostgreSQL (give it with "
                        "--server-arg --database --server-arg postgres://...). Each room's host "
                        "and members are spread over the nodes, so most members follow a host "
                        "on another node; latency_ms.control_cross_node measures them."),
         QStringLiteral("k")});
    parser.addOption({QStringLiteral("server-pid"),
                      QStringLiteral("The attached server's pid, to sample its RSS and CPU."),
                      QStringLiteral("pid")});
    parser.addOption({QStringLiteral("check"),
                      QStringLiteral("Exit 1 unless every member connected, messages were "
                                     "delivered and nothing failed.")});
    parser.addOption({QStringLiteral("worker"), QStringLiteral("Internal: run one shard."),
                      QStringLiteral("plan")});
}

QString LoadOptions::parse(const QCommandLineParser &p, LoadOptions *o)
{
    o->workerPlan = p.value(QStringLiteral("worker"));
    if (!o->workerPlan.isEmpty())
        return {};
    o->scenario = p.value(QStringLiteral("scenario"));
    const Preset *preset = nullptr;
    for (const Preset &candidate : kPresets) {
        if (o->scenario == QLatin1String(candidate.name))
            preset = &candidate;
    }
    if (!preset)
        return QStringLiteral("unknown --scenario %1").arg(o->scenario);
    o->rooms = preset->rooms;
    o->membersPerRoom = preset->membersPerRoom;
    o->durationS = preset->durationS;
    o->controlIntervalMs = preset->controlIntervalMs;
    o->presenceIntervalMs = preset->presenceIntervalMs;
    o->commentIntervalMs = preset->commentIntervalMs;
    o->shards = preset->shards;

    QString error;
    if (!readInt(p, "rooms", 1, &o->rooms, &error)
        || !readInt(p, "members-per-room", 1, &o->membersPerRoom, &error)
        || !readDouble(p, "duration", 0, &o->durationS, &error)
        || !readDouble(p, "rate", 0, &o->rate, &error)
        || !readInt(p, "control-interval-ms", 0, &o->controlIntervalMs, &error)
        || !readInt(p, "presence-interval-ms", 0, &o->presenceIntervalMs, &error)
        || !readInt(p, "comment-interval-ms", 0, &o->commentIntervalMs, &error)
        || !readInt(p, "shards", 1, &o->shards, &error)
        || !readInt(p, "connect-concurrency", 1, &o->connectConcurrency, &error)
        || !readInt(p, "connect-timeout", 1, &o->connectTimeoutS, &error)
        || !readInt(p, "nodes", 1, &o->nodes, &error))
        return error;
    o->bindings = !p.isSet(QStringLiteral("no-bindings"));
    o->spawnPath = p.value(QStringLiteral("spawn"));
    o->serverArgs = p.values(QStringLiteral("server-arg"));
    o->urls = p.values(QStringLiteral("url"));
    o->check = p.isSet(QStringLiteral("check"));
    if (p.isSet(QStringLiteral("server-pid")))
        o->serverPid = p.value(QStringLiteral("server-pid")).toLongLong();
    if (o->spawnPath.isEmpty() == o->urls.isEmpty())
        return QStringLiteral("give exactly one of --spawn PATH or --url URL");
    if (o->nodes > 1 && o->spawnPath.isEmpty())
        return QStringLiteral("--nodes goes with --spawn; attach to several nodes with --url each");
    if (o->nodes > 1 && !o->serverArgs.contains(QLatin1String("--database")))
        return QStringLiteral("--nodes needs one store for all: --server-arg --database "
                              "--server-arg postgres://...");
    o->shards = std::min(o->shards, o->members());
    return {};
}

} // namespace watchium::bench
