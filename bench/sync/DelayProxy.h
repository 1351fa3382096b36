#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>

namespace watchium::bench {

// A TCP proxy on 127.0.0.1 that delays every byte by a one-way delay plus
// uniform jitter, in both directions, keeping each stream's order (a chunk
// never overtakes the one before it, as on a real path). Members' HTTP and
// WebSocket traffic pass through it to reach the server.
class DelayProxy : public QObject
{
    Q_OBJECT

public:
    DelayProxy(quint16 upstreamPort, int delayMs, int jitterMs, quint32 seed,
               QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_upstreamPort;
    int m_delayMs;
    int m_jitterMs;
    QRandomGenerator m_random;
};

} // namespace watchium::bench
