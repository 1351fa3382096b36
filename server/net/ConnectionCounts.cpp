#include "net/ConnectionCounts.h"

namespace watchium::server {

namespace {

void decrement(QHash<QByteArray, int> &counts, const QByteArray &key)
{
    const auto it = counts.find(key);
    if (it == counts.end())
        return;
    if (--*it <= 0)
        counts.erase(it);
}

} // namespace

ConnectionCounts::ConnectionCounts(Limits limits)
    : m_limits(limits)
{
}

ConnectionCounts::Verdict ConnectionCounts::capFor(const QByteArray &key) const
{
    if (m_open.value(key) >= m_limits.perAddress)
        return Verdict::AddressCap;
    if (m_pending.value(key) >= m_limits.pendingPerAddress)
        return Verdict::PendingCap;
    return Verdict::Admit;
}

ConnectionCounts::Verdict ConnectionCounts::admit(const QByteArray &key, bool capAddress)
{
    if (m_total >= m_limits.total)
        return Verdict::TotalCap;
    if (capAddress) {
        if (const Verdict cap = capFor(key); cap != Verdict::Admit)
            return cap;
    }
    ++m_total;
    ++m_open[key];
    ++m_pending[key];
    return Verdict::Admit;
}

ConnectionCounts::Verdict ConnectionCounts::move(const QByteArray &from, const QByteArray &to)
{
    if (from == to)
        return Verdict::Admit;
    if (const Verdict cap = capFor(to); cap != Verdict::Admit)
        return cap;
    decrement(m_open, from);
    decrement(m_pending, from);
    ++m_open[to];
    ++m_pending[to];
    return Verdict::Admit;
}

void ConnectionCounts::headRead(const QByteArray &key)
{
    decrement(m_pending, key);
}

void ConnectionCounts::closed(const QByteArray &key)
{
    decrement(m_open, key);
    if (m_total > 0)
        --m_total;
}

QByteArray ConnectionCounts::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QByteArray::number(v4);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return QByteArray("unknown");
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    return QByteArray("6:") + QByteArray(reinterpret_cast<const char *>(v6.c), 8).toHex();
}

} // namespace watchium::server
