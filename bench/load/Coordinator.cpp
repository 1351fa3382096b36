#include "Coordinator.h"

#include "protocol/Paths.h"

#include "NodeMetrics.h"
#include "ProcSampler.h"
#include "ProcStat.h"
#include "RoomSetup.h"
#include "Rounding.h"
#include "RunContext.h"
#include "ServerProcess.h"
#include "ShardProcess.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace watchium::bench {

namespace {
// Between "all joined" and the window: join chatter settles first.
constexpr qint64 kSettleUs = 1'000'000;

// Each room's members over the nodes in turn, starting from a different node per room, so every
// node holds hosts and members alike; a member is cross-node when its host is elsewhere.
QList<Plan::Member> spreadOverNodes(QList<Plan::Member> members, int nodes)
{
    QHash<int, int> placed; // room -> members placed so far
    QHash<int, int> hostNode;
    for (Plan::Member &m : members) {
        m.node = (m.room + placed[m.room]++) % nodes;
        if (m.host)
            hostNode.insert(m.room, m.node);
    }
    for (Plan::Member &m : members)
        m.crossNode = m.node != hostNode.value(m.room, m.node);
    return members;
}
} // namespace

Coordinator::Coordinator(LoadOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_report.options = &m_options;
}

Coordinator::~Coordinator() = default;

void Coordinator::start()
{
    m_report.loadBefore = loadAverage();
    if (!m_options.spawnPath.isEmpty()) {
        for (int i = 0; i < m_options.nodes; ++i) {
            auto node = std::make_unique<ServerProcess>();
            QString error;
            if (!node->start(m_options.spawnPath, m_options.serverArgs, &error)) {
                abort(error);
                return;
            }
            m_nodes.append(node->url());
            m_serverPids.append(node->pid());
            m_spawned.push_back(std::move(node));
        }
    } else {
        for (const QString &url : std::as_const(m_options.urls))
            m_nodes.append(QUrl(url));
        if (m_options.serverPid > 0)
            m_serverPids.append(m_options.serverPid);
    }
    std::fprintf(stderr, "watchium-load: %lld node(s), first %s; creating %d rooms, %d members\n",
                 qlonglong(m_nodes.size()), qPrintable(m_nodes.first().toString()), m_options.rooms,
                 m_options.members());
    m_phase.start();
    m_setup =
        std::make_unique<RoomSetup>(m_nodes.first(), m_options.rooms, m_options.membersPerRoom);
    connect(m_setup.get(), &RoomSetup::finished, this, &Coordinator::onSetupFinished);
    m_setup->start();
}

void Coordinator::onSetupFinished(bool ok)
{
    if (!ok) {
        abort(m_setup->error());
        return;
    }
    m_report.setupS = double(m_phase.restart()) / 1000.0;
    if (!m_serverPids.isEmpty())
        m_report.server.insert(QStringLiteral("rss_mib_before_sockets"),
                               round1(procstat::rssMib(m_serverPids.first())));

    QStringList wsUrls;
    for (QUrl ws : std::as_const(m_nodes)) {
        ws.setScheme(QStringLiteral("ws"));
        ws.setPath(protocol::paths::kRealtimeSocket);
        ws.setQuery(QStringLiteral("vsn=2.0.0"));
        wsUrls.append(ws.toString());
    }
    std::vector<Plan> plans(size_t(m_options.shards));
    for (int k = 0; k < m_options.shards; ++k) {
        Plan &p = plans[size_t(k)];
        p.shard = k;
        p.wsUrls = wsUrls;
        p.controlIntervalMs = m_options.scaled(m_options.controlIntervalMs);
        p.presenceIntervalMs = m_options.scaled(m_options.presenceIntervalMs);
        p.commentIntervalMs = m_options.scaled(m_options.commentIntervalMs);
        p.bindings = m_options.bindings;
        p.connectConcurrency = m_options.connectConcurrency;
        p.rooms = m_setup->rooms();
    }
    // Round robin, so a big room is spread over every shard.
    const QList<Plan::Member> members = spreadOverNodes(m_setup->members(), int(m_nodes.size()));
    for (qsizetype i = 0; i < members.size(); ++i)
        plans[size_t(i % m_options.shards)].members.append(members.at(i));

    std::fprintf(stderr,
                 "watchium-load: rooms ready in %.1f s; connecting %d sockets in %d "
                 "shard(s)\n",
                 m_report.setupS, m_options.members(), m_options.shards);
    for (int k = 0; k < m_options.shards; ++k) {
        const QString path = m_planDir.filePath(QStringLiteral("shard-%1.json").arg(k));
        if (!plans[size_t(k)].save(path)) {
            abort(QStringLiteral("cannot write %1").arg(path));
            return;
        }
        auto shard = std::make_unique<ShardProcess>(k);
        connect(shard.get(), &ShardProcess::ready, this, &Coordinator::onShardReady);
        connect(shard.get(), &ShardProcess::result, this, &Coordinator::onShardResult);
        connect(shard.get(), &ShardProcess::failed, this, &Coordinator::abort);
        shard->start(path);
        m_shards.push_back(std::move(shard));
    }
    QTimer::singleShot(m_options.connectTimeoutS * 1000, this, [this] {
        if (m_ready >= int(m_shards.size()) || m_done)
            return;
        std::fprintf(stderr, "watchium-load: connect deadline passed; measuring anyway\n");
        m_report.connectTimedOut = true;
        m_ready = int(m_shards.size()) - 1;
        onShardReady();
    });
}

void Coordinator::onShardReady()
{
    if (++m_ready != int(m_shards.size()))
        return;
    m_report.connectS = double(m_phase.restart()) / 1000.0;
    if (!m_serverPids.isEmpty())
        m_report.server.insert(QStringLiteral("rss_mib_connected"),
                               round1(procstat::rssMib(m_serverPids.first())));
    const qint64 runStartUs = wallUs() + kSettleUs;
    const auto durationMs = qint64(m_options.durationS * 1000);
    std::fprintf(stderr, "watchium-load: connected in %.1f s; measuring %.0f s\n",
                 m_report.connectS, m_options.durationS);
    for (const auto &shard : m_shards)
        shard->go(runStartUs, durationMs);
    for (qint64 pid : std::as_const(m_serverPids))
        m_samplers.push_back(std::make_unique<ProcSampler>(pid));
    QTimer::singleShot(int(kSettleUs / 1000), this, [this] {
        for (const auto &sampler : m_samplers)
            sampler->start();
        readNodeMetrics(true);
    });
    QTimer::singleShot(int(kSettleUs / 1000 + durationMs), this, [this] {
        for (const auto &sampler : m_samplers)
            sampler->stop();
        readNodeMetrics(false);
    });
}

void Coordinator::readNodeMetrics(bool atStart)
{
    if (atStart) {
        m_window.start();
        for (const QUrl &node : std::as_const(m_nodes))
            m_metricsAtStart.append(scrapeMetrics(node).value_or(QHash<QString, double>()));
        return;
    }
    const double windowS = double(m_window.elapsed()) / 1000.0;
    double published = 0;
    double received = 0;
    double spilled = 0;
    double notifies = 0;
    double queueUsage = 0;
    double stalls = 0;
    double longStalls = 0;
    double lagMax = 0;
    double writes = 0;
    for (qsizetype i = 0; i < m_nodes.size(); ++i) {
        const auto now = scrapeMetrics(m_nodes.at(i));
        if (!now)
            return;
        const QHash<QString, double> &before = m_metricsAtStart.at(i);
        auto delta = [&](const char *name) {
            const QString key = QLatin1String("watchium_") + QLatin1String(name);
            return now->value(key) - before.value(key);
        };
        published += delta("cluster_envelopes_published");
        received += delta("cluster_envelopes_received");
        spilled += delta("cluster_envelopes_spilled");
        notifies += delta("cluster_notifies");
        queueUsage =
            std::max(queueUsage, now->value(QStringLiteral("watchium_cluster_notify_queue_usage")));
        writes += delta("socket_coalesced_writes");
        stalls += delta("event_loop_stalls");
        longStalls += delta("event_loop_long_stalls");
        lagMax =
            std::max(lagMax, now->value(QStringLiteral("watchium_event_loop_lag_max_seconds")));
    }
    // The serving threads' stalls in the window (all nodes), and the largest delay any node saw
    // in the minute before its end (the window's, if the window is a minute or less).
    m_report.server.insert(
        QStringLiteral("event_loop"),
        QJsonObject {{QStringLiteral("stalls_50ms"), stalls},
                     {QStringLiteral("stalls_250ms"), longStalls},
                     {QStringLiteral("lag_max_ms_last_minute"), round1(lagMax * 1000)}});
    // Each write is a system call and, on loopback, the receiver's TCP work too: the larger part
    // of the cost of a delivered message.
    m_report.server.insert(QStringLiteral("socket_writes_per_s"), round1(writes / windowS));
    if (m_nodes.size() < 2)
        return;
    m_report.server.insert(
        QStringLiteral("cluster"),
        QJsonObject {{QStringLiteral("envelopes_published_per_s"), round1(published / windowS)},
                     {QStringLiteral("envelopes_received_per_s"), round1(received / windowS)},
                     {QStringLiteral("envelopes_spilled"), spilled},
                     {QStringLiteral("notifies_per_s"), round1(notifies / windowS)},
                     {QStringLiteral("notify_queue_usage_at_end"), queueUsage}});
}

void Coordinator::onShardResult(const QJsonObject &stats)
{
    m_report.stats.merge(ShardStats::fromJson(stats));
    if (++m_results == int(m_shards.size()))
        finish();
}

void Coordinator::abort(const QString &why)
{
    if (m_done)
        return;
    std::fprintf(stderr, "watchium-load: %s\n", qPrintable(why));
    m_report.fatal = why;
    finish();
}

void Coordinator::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_report.loadAfter = loadAverage();
    if (!m_samplers.empty()) {
        const QJsonObject summary = m_samplers.front()->summary();
        for (auto it = summary.begin(); it != summary.end(); ++it)
            m_report.server.insert(it.key(), it.value());
    }
    if (m_samplers.size() > 1) {
        // Each node's figures; `server` above is the first's.
        QJsonArray nodes;
        for (const auto &sampler : m_samplers)
            nodes.append(sampler->summary());
        m_report.server.insert(QStringLiteral("nodes"), nodes);
    }
    const QJsonObject report = buildReport(m_report);
    std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
    std::fflush(stdout);
    int status = m_report.fatal.isEmpty() ? 0 : 1;
    if (m_options.check) {
        const QStringList problems = checkReport(report);
        for (const QString &p : problems)
            std::fprintf(stderr, "watchium-load: check failed: %s\n", qPrintable(p));
        status = problems.isEmpty() ? status : 1;
    }
    // Let the shards close their sockets before the server goes away.
    QTimer::singleShot(m_shards.empty() ? 0 : 1000, this, [this, status] {
        m_shards.clear();
        for (const auto &node : m_spawned)
            node->stop();
        QCoreApplication::exit(status);
    });
}

} // namespace watchium::bench
