#include "Histogram.h"

#include <QJsonArray>

#include <algorithm>
#include <bit>
#include <cmath>

namespace watchium::bench {

namespace {
constexpr int kExactBits = 7; // values below 128 µs get a bucket each
constexpr int kSubBits = 6; // 64 sub-buckets per power of two above that
constexpr qint64 kExact = qint64(1) << kExactBits;

double toMs(qint64 us)
{
    return std::round(double(us) / 10.0) / 100.0; // 0.01 ms is plenty
}
} // namespace

int Histogram::bucketOf(qint64 valueUs)
{
    if (valueUs < kExact)
        return int(std::max<qint64>(0, valueUs));
    const int exponent = int(std::bit_width(quint64(valueUs))) - 1;
    const int sub = int((valueUs >> (exponent - kSubBits)) & ((1 << kSubBits) - 1));
    return int(kExact) + (exponent - kExactBits) * (1 << kSubBits) + sub;
}

qint64 Histogram::bucketValue(int bucket)
{
    if (bucket < kExact)
        return bucket;
    const int rel = bucket - int(kExact);
    const int exponent = rel / (1 << kSubBits) + kExactBits;
    const qint64 sub = rel % (1 << kSubBits);
    const qint64 width = qint64(1) << (exponent - kSubBits);
    const qint64 lower = (qint64(1) << exponent) + sub * width;
    return lower + width / 2;
}

void Histogram::record(qint64 valueUs)
{
    valueUs = std::max<qint64>(0, valueUs);
    const int bucket = bucketOf(valueUs);
    if (size_t(bucket) >= m_buckets.size())
        m_buckets.resize(size_t(bucket) + 1, 0);
    ++m_buckets[size_t(bucket)];
    ++m_count;
    m_sum += double(valueUs);
    m_max = std::max(m_max, valueUs);
}

void Histogram::merge(const Histogram &other)
{
    if (other.m_buckets.size() > m_buckets.size())
        m_buckets.resize(other.m_buckets.size(), 0);
    for (size_t i = 0; i < other.m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_max = std::max(m_max, other.m_max);
}

qint64 Histogram::percentileUs(double fraction) const
{
    if (m_count == 0)
        return 0;
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(fraction * double(m_count))));
    qint64 seen = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min(bucketValue(int(i)), m_max);
    }
    return m_max;
}

QJsonObject Histogram::summaryMs() const
{
    return {{QStringLiteral("count"), m_count},
            {QStringLiteral("mean"), m_count ? toMs(qint64(m_sum / double(m_count))) : 0.0},
            {QStringLiteral("p50"), toMs(percentileUs(0.50))},
            {QStringLiteral("p95"), toMs(percentileUs(0.95))},
            {QStringLiteral("p99"), toMs(percentileUs(0.99))},
            {QStringLiteral("max"), toMs(m_max)}};
}

QJsonObject Histogram::toJson() const
{
    // [bucket, count, bucket, count, ...] for the non-empty buckets only.
    QJsonArray buckets;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        if (m_buckets[i]) {
            buckets.append(int(i));
            buckets.append(m_buckets[i]);
        }
    }
    return {{QStringLiteral("buckets"), buckets},
            {QStringLiteral("count"), m_count},
            {QStringLiteral("sum"), m_sum},
            {QStringLiteral("max"), m_max}};
}

Histogram Histogram::fromJson(const QJsonObject &json)
{
    Histogram h;
    const QJsonArray buckets = json.value(QLatin1String("buckets")).toArray();
    for (qsizetype i = 0; i + 1 < buckets.size(); i += 2) {
        const int bucket = buckets.at(i).toInt();
        if (bucket < 0 || bucket > 4096)
            continue;
        if (size_t(bucket) >= h.m_buckets.size())
            h.m_buckets.resize(size_t(bucket) + 1, 0);
        h.m_buckets[size_t(bucket)] += buckets.at(i + 1).toInteger();
    }
    h.m_count = json.value(QLatin1String("count")).toInteger();
    h.m_sum = json.value(QLatin1String("sum")).toDouble();
    h.m_max = json.value(QLatin1String("max")).toInteger();
    return h;
}

} // namespace watchium::bench
