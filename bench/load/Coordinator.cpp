#include "Coordinator.h"

#include "ProcSampler.h"
#include "ProcStat.h"
#include "RoomSetup.h"
#include "RunContext.h"
#include "ServerProcess.h"
#include "ShardProcess.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace watchium::bench {

namespace {
// Between "all joined" and the window: join chatter settles first.
constexpr qint64 kSettleUs = 1'000'000;

double round1(double v)
{
    return std::round(v * 10) / 10;
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
        m_spawned = std::make_unique<ServerProcess>();
        QString error;
        if (!m_spawned->start(m_options.spawnPath, m_options.serverArgs, &error)) {
            abort(error);
            return;
        }
        m_base = m_spawned->url();
        m_serverPid = m_spawned->pid();
    } else {
        m_base = QUrl(m_options.url);
        m_serverPid = m_options.serverPid;
    }
    std::fprintf(stderr, "watchium-load: server %s; creating %d rooms, %d members\n",
                 qPrintable(m_base.toString()), m_options.rooms, m_options.members());
    m_phase.start();
    m_setup = std::make_unique<RoomSetup>(m_base, m_options.rooms, m_options.membersPerRoom);
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
    if (m_serverPid > 0)
        m_report.server.insert(QStringLiteral("rss_mib_before_sockets"),
                               round1(procstat::rssMib(m_serverPid)));

    QUrl ws = m_base;
    ws.setScheme(QStringLiteral("ws"));
    ws.setPath(QStringLiteral("/realtime/v1/websocket"));
    ws.setQuery(QStringLiteral("vsn=2.0.0"));
    std::vector<Plan> plans(size_t(m_options.shards));
    for (int k = 0; k < m_options.shards; ++k) {
        Plan &p = plans[size_t(k)];
        p.shard = k;
        p.wsUrl = ws.toString();
        p.controlIntervalMs = m_options.scaled(m_options.controlIntervalMs);
        p.presenceIntervalMs = m_options.scaled(m_options.presenceIntervalMs);
        p.commentIntervalMs = m_options.scaled(m_options.commentIntervalMs);
        p.bindings = m_options.bindings;
        p.connectConcurrency = m_options.connectConcurrency;
        p.rooms = m_setup->rooms();
    }
    // Round robin, so a big room is spread over every shard.
    const QList<Plan::Member> members = m_setup->members();
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
    if (m_serverPid > 0)
        m_report.server.insert(QStringLiteral("rss_mib_connected"),
                               round1(procstat::rssMib(m_serverPid)));
    const qint64 runStartUs = wallUs() + kSettleUs;
    const auto durationMs = qint64(m_options.durationS * 1000);
    std::fprintf(stderr, "watchium-load: connected in %.1f s; measuring %.0f s\n",
                 m_report.connectS, m_options.durationS);
    for (const auto &shard : m_shards)
        shard->go(runStartUs, durationMs);
    if (m_serverPid > 0) {
        m_sampler = std::make_unique<ProcSampler>(m_serverPid);
        QTimer::singleShot(int(kSettleUs / 1000), this, [this] { m_sampler->start(); });
        QTimer::singleShot(int(kSettleUs / 1000 + durationMs), this, [this] { m_sampler->stop(); });
    }
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
    if (m_sampler) {
        const QJsonObject summary = m_sampler->summary();
        for (auto it = summary.begin(); it != summary.end(); ++it)
            m_report.server.insert(it.key(), it.value());
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
        if (m_spawned)
            m_spawned->stop();
        QCoreApplication::exit(status);
    });
}

} // namespace watchium::bench
