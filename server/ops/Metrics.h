#pragma once

#include <QHash>
#include <QString>

#include <array>
#include <functional>

namespace watchium::server {

// Counters and a latency histogram, rendered in the Prometheus text format.
// Gauges (connections, rooms, members) are read from callbacks at scrape
// time so they can never drift from the truth.
class Metrics
{
public:
    void messageIn() { ++m_messagesIn; }
    void messagesOut(qint64 count) { m_messagesOut += count; }
    void httpRequest() { ++m_httpRequests; }
    void rejected(const QString &reason) { ++m_rejected[reason]; }
    // Time from a message's arrival to the last subscriber's frame queued.
    void observeFanout(double seconds);

    void setGauge(const QString &name, const QString &help, std::function<double()> read);

    QString render() const;
    qint64 totalIn() const { return m_messagesIn; }
    qint64 totalOut() const { return m_messagesOut; }
    qint64 rejectedCount(const QString &reason) const { return m_rejected.value(reason); }

private:
    static constexpr std::array<double, 10> kBuckets {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                      0.005,  0.01,    0.025,  0.05,  0.1};
    qint64 m_messagesIn = 0;
    qint64 m_messagesOut = 0;
    qint64 m_httpRequests = 0;
    QHash<QString, qint64> m_rejected;
    std::array<qint64, kBuckets.size()> m_bucketCounts {};
    qint64 m_fanoutCount = 0;
    double m_fanoutSum = 0.0;
    struct Gauge
    {
        QString help;
        std::function<double()> read;
    };
    QHash<QString, Gauge> m_gauges;
};

} // namespace watchium::server
