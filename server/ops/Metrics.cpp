#include "ops/Metrics.h"

#include <QStringList>

#include <algorithm>

namespace watchium::server {

void Metrics::observeFanout(double seconds)
{
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++m_bucketCounts[i];
    }
    ++m_fanoutCount;
    m_fanoutSum += seconds;
}

void Metrics::setGauge(const QString &name, const QString &help, std::function<double()> read)
{
    m_gauges.insert(name, {help, std::move(read)});
}

QString Metrics::render() const
{
    QStringList out;
    auto counter = [&](const QString &name, const QString &help, qint64 value) {
        out << QStringLiteral("# HELP %1 %2").arg(name, help)
            << QStringLiteral("# TYPE %1 counter").arg(name)
            << QStringLiteral("%1 %2").arg(name).arg(value);
    };
    QStringList names = m_gauges.keys();
    std::sort(names.begin(), names.end());
    for (const QString &name : names) {
        const Gauge &g = m_gauges[name];
        out << QStringLiteral("# HELP %1 %2").arg(name, g.help)
            << QStringLiteral("# TYPE %1 gauge").arg(name)
            << QStringLiteral("%1 %2").arg(name).arg(g.read(), 0, 'g', 15);
    }
    counter(QStringLiteral("watchium_messages_in_total"),
            QStringLiteral("Channel frames received from clients."), m_messagesIn);
    counter(QStringLiteral("watchium_messages_out_total"),
            QStringLiteral("Channel frames sent to clients."), m_messagesOut);
    counter(QStringLiteral("watchium_http_requests_total"), QStringLiteral("HTTP requests served."),
            m_httpRequests);

    out << QStringLiteral("# HELP watchium_rejected_total Requests and frames refused, by reason.")
        << QStringLiteral("# TYPE watchium_rejected_total counter");
    QStringList reasons = m_rejected.keys();
    std::sort(reasons.begin(), reasons.end());
    for (const QString &reason : reasons) {
        out << QStringLiteral("watchium_rejected_total{reason=\"%1\"} %2")
                   .arg(reason)
                   .arg(m_rejected.value(reason));
    }

    const QString h = QStringLiteral("watchium_fanout_latency_seconds");
    out << QStringLiteral("# HELP %1 Time from receiving a message to queuing it to every "
                          "subscriber.")
               .arg(h)
        << QStringLiteral("# TYPE %1 histogram").arg(h);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        out << QStringLiteral("%1_bucket{le=\"%2\"} %3")
                   .arg(h)
                   .arg(kBuckets[i])
                   .arg(m_bucketCounts[i]);
    }
    out << QStringLiteral("%1_bucket{le=\"+Inf\"} %2").arg(h).arg(m_fanoutCount)
        << QStringLiteral("%1_sum %2").arg(h).arg(m_fanoutSum, 0, 'g', 12)
        << QStringLiteral("%1_count %2").arg(h).arg(m_fanoutCount);
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace watchium::server
