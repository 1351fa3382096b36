#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>

namespace watchium::server {

// Who holds the server's connections: how many are open in all, per address, and per address
// still without a complete first request head. Pure bookkeeping for the listener's caps.
class ConnectionCounts
{
public:
    struct Limits
    {
        int total = 10'000;
        int perAddress = 64;
        int pendingPerAddress = 16; // accepted, first request head not complete yet
    };

    enum class Verdict { Admit, TotalCap, AddressCap, PendingCap };

    explicit ConnectionCounts(Limits limits);

    // Whether a new connection from `key` may stay; counts it (as pending) if so. A trusted
    // balancer's connections skip the address caps (`capAddress` false) until move() names
    // the client they carry.
    Verdict admit(const QByteArray &key, bool capAddress = true);
    // A pending connection counted under `from` turns out to be `to`'s (its PROXY header): moved
    // if `to` is within its caps, else left where it is (the caller closes it).
    Verdict move(const QByteArray &from, const QByteArray &to);
    // Its first request head is complete (or it went before that).
    void headRead(const QByteArray &key);
    void closed(const QByteArray &key);

    int total() const { return m_total; }
    int open(const QByteArray &key) const { return m_open.value(key); }
    int pending(const QByteArray &key) const { return m_pending.value(key); }

    // What a cap counts per: an IPv4 address (an IPv4-mapped IPv6 one too), or an IPv6 /64,
    // the block one subscriber usually has to pick addresses from.
    static QByteArray addressKey(const QHostAddress &address);

private:
    Verdict capFor(const QByteArray &key) const;

    Limits m_limits;
    int m_total = 0;
    QHash<QByteArray, int> m_open;
    QHash<QByteArray, int> m_pending;
};

} // namespace watchium::server
