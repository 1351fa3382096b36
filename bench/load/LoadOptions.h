#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace watchium::bench {

// What one load run does. A scenario preset fills these in; explicit flags
// override the preset.
struct LoadOptions
{
    QString scenario = QStringLiteral("a");
    int rooms = 1000;
    int membersPerRoom = 10;
    double durationS = 30;
    // Each interval is per sender (host for controls, member otherwise);
    // `rate` divides all of them, so one knob scales the whole load.
    int controlIntervalMs = 5000;
    int presenceIntervalMs = 3000; // 0 turns presence off
    int commentIntervalMs = 30000; // mean gap per member; 0 turns comments off
    double rate = 1.0;
    bool bindings = true; // join with the seeds' postgres_changes binding on rooms
    int shards = 1;
    int connectConcurrency = 64;
    int connectTimeoutS = 120; // then measure with the members that joined

    QString spawnPath; // run this watchium binary as the server
    QStringList serverArgs; // extra arguments for the spawned server
    QStringList urls; // or attach to running servers (nodes of one community when several)
    int nodes = 1; // servers to spawn, sharing the --database given through --server-arg
    qint64 serverPid = 0;
    bool check = false;

    QString workerPlan; // internal: run as a shard with this plan file

    int members() const { return rooms * membersPerRoom; }
    int nodeCount() const { return spawnPath.isEmpty() ? int(urls.size()) : nodes; }
    int scaled(int intervalMs) const;
    QJsonObject toJson() const;

    static void addTo(QCommandLineParser &parser);
    // Preset first, then flags; empty result = ok, else what is wrong.
    static QString parse(const QCommandLineParser &parser, LoadOptions *options);
};

} // namespace watchium::bench
