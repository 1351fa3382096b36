#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace watchium::bench {

// Samples one process's RSS and CPU from /proc while the window runs:
// peak and mean RSS, mean CPU over the window and the busiest second.
class ProcSampler : public QObject
{
    Q_OBJECT

public:
    explicit ProcSampler(qint64 pid, QObject *parent = nullptr);

    void start();
    void stop();
    QJsonObject summary() const;

private:
    void sample();

    qint64 m_pid;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_samples = 0;
    double m_rssSum = 0;
    double m_rssPeak = 0;
    double m_cpuAtStart = 0;
    double m_cpuTotal = 0;
    double m_windowS = 0;
    double m_lastCpu = 0;
    qint64 m_lastMs = 0;
    double m_cpuPeakPct = 0;
};

} // namespace watchium::bench
