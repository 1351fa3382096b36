#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>

namespace watchium::bench {

// A TCP proxy on 127.0.0.1 that delays every byte by a one-way delay plus
// uniform jitter, in both directions, keeping each stream's order (a chunk
// never overtakes the one before it, as on a real path). Members' HTTP and
// WebSocket traffic pass through it to reach the server.
//
// Keeping order means a chunk drawn quicker than the one still queued before
// it waits for that one, so chunks that follow each other within the jitter
// are delayed more than the draw: the delays it applies (delays()) are
// skewed above the uniform draw, and only spaced-out chunks see it exactly.
class DelayProxy : public QObject
{
    Q_OBJECT

public:
    DelayProxy(quint16 upstreamPort, int delayMs, int jitterMs, quint32 seed,
               QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    // Read-to-written delay of every chunk so far (ms), per direction:
    // toServer from the members, toClient back to them.
    const QList<double> &toServerDelays() const { return m_toServer; }
    const QList<double> &toClientDelays() const { return m_toClient; }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_upstreamPort;
    int m_delayMs;
    int m_jitterMs;
    QRandomGenerator m_random;
    QList<double> m_toServer;
    QList<double> m_toClient;
};

} // namespace watchium::bench
