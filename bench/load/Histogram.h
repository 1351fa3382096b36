#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <vector>

namespace watchium::bench {

// A latency histogram in microseconds with ~1.6 % resolution (HDR-style:
// exact below 128 µs, then 64 sub-buckets per power of two), so shards can
// record millions of samples cheaply and the parent can merge them exactly.
class Histogram
{
public:
    void record(qint64 valueUs);
    void merge(const Histogram &other);

    qint64 count() const { return m_count; }
    qint64 maxUs() const { return m_max; }
    // The value at or below which `fraction` (0..1) of the samples lie.
    qint64 percentileUs(double fraction) const;

    // {count, mean, p50, p95, p99, max} in milliseconds, for the report.
    QJsonObject summaryMs() const;
    // Sparse buckets, for shipping to the parent.
    QJsonObject toJson() const;
    static Histogram fromJson(const QJsonObject &json);

private:
    static int bucketOf(qint64 valueUs);
    static qint64 bucketValue(int bucket);

    std::vector<qint64> m_buckets;
    qint64 m_count = 0;
    qint64 m_max = 0;
    double m_sum = 0;
};

} // namespace watchium::bench
