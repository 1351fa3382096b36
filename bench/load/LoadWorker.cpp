#include "LoadWorker.h"

#include "LoadMember.h"
#include "ProcStat.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace watchium::bench {

namespace {
constexpr int kTickMs = 2;
constexpr qint64 kHeartbeatUs = 25'000'000; // realtime-js's interval
constexpr qint64 kSettleTimeoutUs = 30'000'000;
constexpr qint64 kDrainUs = 1'500'000; // late deliveries still count for latency
} // namespace

LoadWorker::LoadWorker(Plan plan, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_stdin(STDIN_FILENO, QSocketNotifier::Read)
{
    m_ctx.plan = &m_plan;
    m_ctx.stats.target = m_plan.members.size();
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LoadWorker::onTick);
    connect(&m_stdin, &QSocketNotifier::activated, this, &LoadWorker::onCommand);
}

LoadWorker::~LoadWorker() = default;

void LoadWorker::start()
{
    m_members.reserve(size_t(m_plan.members.size()));
    for (const Plan::Member &m : std::as_const(m_plan.members)) {
        m_members.push_back(std::make_unique<LoadMember>(
            int(m_members.size()), m, &m_ctx,
            [this](LoadMember *member, bool joined) { onSettled(member, joined); }));
    }
    m_tick.start();
    connectMore();
    if (m_members.empty())
        onSettled(nullptr, false);
}

void LoadWorker::connectMore()
{
    while (m_inFlight < m_plan.connectConcurrency && m_nextToOpen < m_members.size()) {
        ++m_inFlight;
        LoadMember *member = m_members[m_nextToOpen++].get();
        member->open(QUrl(m_plan.wsUrls.value(member->node())), wallUs());
    }
}

void LoadWorker::onSettled(LoadMember *member, bool joined)
{
    if (member) {
        --m_inFlight;
        ++m_settled;
    }
    if (joined) {
        // Heartbeats and presence start at the join, as realtime-js and the
        // app do: the server marks a member without presence for 10 s offline.
        auto *random = QRandomGenerator::global();
        const qint64 now = wallUs();
        m_schedule.push({now + qint64(random->bounded(double(kHeartbeatUs))), member->index(),
                         Kind::Heartbeat});
        if (m_plan.presenceIntervalMs > 0)
            m_schedule.push({now + qint64(random->bounded(m_plan.presenceIntervalMs * 1000.0)),
                             member->index(), Kind::Presence});
    }
    connectMore();
    if (!m_readySent && size_t(m_settled) == m_members.size()) {
        m_readySent = true;
        emitLine({{QStringLiteral("type"), QStringLiteral("ready")},
                  {QStringLiteral("joined"), m_ctx.stats.joined},
                  {QStringLiteral("target"), m_ctx.stats.target}});
    }
}

void LoadWorker::onCommand()
{
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {
        // The parent is gone; nobody will read our result.
        m_stdin.setEnabled(false);
        QCoreApplication::exit(3);
        return;
    }
    m_stdinBuffer.append(buffer, n);
    qsizetype newline;
    while ((newline = m_stdinBuffer.indexOf('\n')) >= 0) {
        const QJsonObject command = QJsonDocument::fromJson(m_stdinBuffer.left(newline)).object();
        m_stdinBuffer.remove(0, newline + 1);
        if (command.contains(QLatin1String("go_us")))
            go(command.value(QLatin1String("go_us")).toInteger(),
               command.value(QLatin1String("duration_ms")).toInteger());
    }
}

void LoadWorker::go(qint64 runStartUs, qint64 durationMs)
{
    if (!m_readySent) {
        // The parent's connect deadline passed: measure with who is in.
        m_readySent = true;
        m_ctx.stats.connectFailed += qint64(m_members.size() - m_nextToOpen);
        m_nextToOpen = m_members.size();
        for (const auto &m : m_members) {
            const auto state = m->state();
            if (state == LoadMember::State::Connecting || state == LoadMember::State::Joining)
                m->fail(QStringLiteral("not joined by the connect deadline"));
        }
    }
    m_ctx.runStartUs = runStartUs;
    m_ctx.runEndUs = runStartUs + durationMs * 1000;
}

void LoadWorker::scheduleWindow()
{
    auto *random = QRandomGenerator::global();
    const qint64 start = m_ctx.runStartUs;
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (m_members[i]->state() != LoadMember::State::Joined)
            continue;
        const int index = int(i);
        // Random phases stagger the senders, as real members would be.
        if (m_plan.controlIntervalMs > 0 && m_members[i]->isHost())
            m_schedule.push({start + qint64(random->bounded(m_plan.controlIntervalMs * 1000.0)),
                             index, Kind::Control});
        if (m_plan.commentIntervalMs > 0)
            m_schedule.push({start + nextCommentGapUs(), index, Kind::Comment});
    }
}

qint64 LoadWorker::nextCommentGapUs()
{
    // Exponential gaps: comments arrive as a Poisson process per member.
    const double u = 1.0 - QRandomGenerator::global()->generateDouble();
    return qint64(-std::log(u) * m_plan.commentIntervalMs * 1000.0);
}

void LoadWorker::onTick()
{
    const qint64 now = wallUs();
    if (m_lastTickUs > 0 && m_ctx.measuring)
        m_ctx.stats.lag.record(std::max<qint64>(0, now - m_lastTickUs - kTickMs * 1000));
    m_lastTickUs = now;

    if (!m_readySent) {
        for (const auto &m : m_members) {
            const auto state = m->state();
            if ((state == LoadMember::State::Connecting || state == LoadMember::State::Joining)
                && now - m->openedAtUs() > kSettleTimeoutUs)
                m->fail(QStringLiteral("not joined within 30 s"));
        }
    }
    if (m_ctx.runStartUs > 0 && !m_ctx.measuring && !m_finished && now >= m_ctx.runStartUs
        && m_ctx.stats.windowS == 0) {
        m_ctx.measuring = true;
        m_cpuAtStartS = procstat::cpuSeconds();
        scheduleWindow();
    }
    if (m_ctx.measuring && now >= m_ctx.runEndUs) {
        m_ctx.measuring = false;
        m_ctx.stats.windowS = double(now - m_ctx.runStartUs) / 1e6;
        m_ctx.stats.cpuS = procstat::cpuSeconds() - m_cpuAtStartS;
        m_ctx.stats.rssMib = procstat::rssMib();
        for (const auto &m : m_members)
            m_ctx.stats.held += m->state() == LoadMember::State::Joined ? 1 : 0;
    }
    if (m_ctx.stats.windowS > 0 && !m_finished && now >= m_ctx.runEndUs + kDrainUs)
        finish();

    while (!m_schedule.empty() && m_schedule.top().atUs <= now) {
        const Due due = m_schedule.top();
        m_schedule.pop();
        runDue(due);
    }
}

void LoadWorker::runDue(const Due &due)
{
    LoadMember *member = m_members[size_t(due.member)].get();
    if (member->state() != LoadMember::State::Joined || m_finished)
        return;
    if (due.kind == Kind::Heartbeat) {
        member->sendHeartbeat();
        m_schedule.push({due.atUs + kHeartbeatUs, due.member, due.kind});
        return;
    }
    // Presence runs from the join to the end; controls and comments only in
    // the window.
    // The send time is the wall clock's, which a late tick puts past the planned time: a control
    // or comment sent after the window's end would be expected but its deliveries not counted.
    const qint64 nowUs = wallUs();
    if (due.kind != Kind::Presence && (due.atUs >= m_ctx.runEndUs || nowUs > m_ctx.runEndUs))
        return;
    // Next send from the planned time, not from now, so a late tick does not
    // lower the rate.
    qint64 gapUs = 0;
    switch (due.kind) {
    case Kind::Control:
        member->sendControl(nowUs);
        gapUs = m_plan.controlIntervalMs * 1000LL;
        break;
    case Kind::Presence:
        member->sendPresence(nowUs);
        gapUs = m_plan.presenceIntervalMs * 1000LL;
        break;
    case Kind::Comment:
        member->sendComment(nowUs);
        gapUs = nextCommentGapUs();
        break;
    case Kind::Heartbeat:
        break;
    }
    m_schedule.push({due.atUs + gapUs, due.member, due.kind});
}

void LoadWorker::finish()
{
    m_finished = true;
    emitLine({{QStringLiteral("type"), QStringLiteral("result")},
              {QStringLiteral("stats"), m_ctx.stats.toJson()}});
    for (const auto &m : m_members)
        m->close();
    // Let the close frames go out before the process ends.
    QTimer::singleShot(500, qApp, [] { QCoreApplication::exit(0); });
}

void LoadWorker::emitLine(const QJsonObject &json)
{
    const QByteArray line = QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

} // namespace watchium::bench
