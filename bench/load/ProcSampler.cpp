#include "ProcSampler.h"

#include "ProcStat.h"

#include <cmath>

namespace watchium::bench {

namespace {
constexpr int kSampleMs = 250;
constexpr qint64 kCpuPeakWindowMs = 1000;

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}
} // namespace

ProcSampler::ProcSampler(qint64 pid, QObject *parent)
    : QObject(parent)
    , m_pid(pid)
{
    m_timer.setInterval(kSampleMs);
    connect(&m_timer, &QTimer::timeout, this, &ProcSampler::sample);
}

void ProcSampler::start()
{
    m_clock.start();
    m_cpuAtStart = m_lastCpu = procstat::cpuSeconds(m_pid);
    m_lastMs = 0;
    m_timer.start();
    sample();
}

void ProcSampler::stop()
{
    m_timer.stop();
    sample();
    m_cpuTotal = procstat::cpuSeconds(m_pid) - m_cpuAtStart;
    m_windowS = double(m_clock.elapsed()) / 1000.0;
}

void ProcSampler::sample()
{
    const double rss = procstat::rssMib(m_pid);
    if (rss < 0)
        return;
    ++m_samples;
    m_rssSum += rss;
    m_rssPeak = std::max(m_rssPeak, rss);
    const qint64 nowMs = m_clock.elapsed();
    if (nowMs - m_lastMs >= kCpuPeakWindowMs) {
        const double cpu = procstat::cpuSeconds(m_pid);
        m_cpuPeakPct =
            std::max(m_cpuPeakPct, 100.0 * (cpu - m_lastCpu) * 1000.0 / double(nowMs - m_lastMs));
        m_lastCpu = cpu;
        m_lastMs = nowMs;
    }
}

QJsonObject ProcSampler::summary() const
{
    return {{QStringLiteral("pid"), m_pid},
            {QStringLiteral("rss_mib_peak"), round2(m_rssPeak)},
            {QStringLiteral("rss_mib_mean"), m_samples ? round2(m_rssSum / m_samples) : 0.0},
            {QStringLiteral("cpu_pct_mean"),
             m_windowS > 0 ? round2(100.0 * m_cpuTotal / m_windowS) : 0.0},
            {QStringLiteral("cpu_pct_peak_1s"), round2(m_cpuPeakPct)},
            {QStringLiteral("samples"), m_samples}};
}

} // namespace watchium::bench
