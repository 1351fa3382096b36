#pragma once

#include "LoadOptions.h"
#include "Report.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace watchium::bench {

class ProcSampler;
class RoomSetup;
class ServerProcess;
class ShardProcess;

// The parent process: gets a server (spawned or attached), creates rooms
// and members over HTTP, hands each shard its members, starts every shard's
// window at the same wall-clock instant, samples the server meanwhile, and
// prints the merged report.
class Coordinator : public QObject
{
    Q_OBJECT

public:
    explicit Coordinator(LoadOptions options, QObject *parent = nullptr);
    ~Coordinator() override;

    // Starts the run; the application exits with the run's status.
    void start();

private:
    void onSetupFinished(bool ok);
    void onShardReady();
    void onShardResult(const QJsonObject &stats);
    // The serving threads' stalls and, with several nodes, the bus's envelopes over the window,
    // from every node's /metrics.
    void readNodeMetrics(bool atStart);
    void abort(const QString &why);
    void finish();

    LoadOptions m_options;
    ReportInputs m_report;
    std::vector<std::unique_ptr<ServerProcess>> m_spawned;
    QList<QUrl> m_nodes; // the first also serves the setup's HTTP calls
    QList<qint64> m_serverPids; // those known, one per node
    std::unique_ptr<RoomSetup> m_setup;
    std::vector<std::unique_ptr<ProcSampler>> m_samplers;
    // Each node's /metrics when the window opened (several nodes only): the bus's counts.
    QList<QHash<QString, double>> m_metricsAtStart;
    QElapsedTimer m_window;
    QTemporaryDir m_planDir;
    std::vector<std::unique_ptr<ShardProcess>> m_shards;
    int m_ready = 0;
    int m_results = 0;
    bool m_done = false;
    QElapsedTimer m_phase;
};

} // namespace watchium::bench
