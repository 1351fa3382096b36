#include "DelayProxy.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>

namespace watchium::bench {

namespace {

// One direction of one connection: chunks wait in order until their time.
class DelayedPipe : public QObject
{
public:
    DelayedPipe(QTcpSocket *from, QTcpSocket *to, int delayMs, int jitterMs,
                QRandomGenerator *random, QList<double> *applied, QObject *parent)
        : QObject(parent)
        , m_to(to)
        , m_delayMs(delayMs)
        , m_jitterMs(jitterMs)
        , m_random(random)
        , m_applied(applied)
    {
        m_clock.start();
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &DelayedPipe::deliver);
        connect(from, &QTcpSocket::readyRead, this, [this, from] {
            const qint64 jitter =
                m_jitterMs > 0 ? m_random->bounded(2 * m_jitterMs + 1) - m_jitterMs : 0;
            const qint64 due = std::max(m_lastDue, m_clock.elapsed() + m_delayMs + jitter);
            m_lastDue = due;
            m_queue.push_back({due, m_clock.nsecsElapsed(), from->readAll()});
            if (!m_timer.isActive())
                m_timer.start(int(std::max<qint64>(0, m_queue.front().due - m_clock.elapsed())));
        });
    }

private:
    struct Chunk
    {
        qint64 due;
        qint64 readAtNs;
        QByteArray bytes;
    };

    void deliver()
    {
        while (!m_queue.empty() && m_queue.front().due <= m_clock.elapsed()) {
            if (m_to)
                m_to->write(m_queue.front().bytes);
            m_applied->append(double(m_clock.nsecsElapsed() - m_queue.front().readAtNs) / 1e6);
            m_queue.pop_front();
        }
        if (!m_queue.empty())
            m_timer.start(int(std::max<qint64>(0, m_queue.front().due - m_clock.elapsed())));
    }

    QPointer<QTcpSocket> m_to;
    int m_delayMs;
    int m_jitterMs;
    QRandomGenerator *m_random;
    QList<double> *m_applied;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::deque<Chunk> m_queue;
    qint64 m_lastDue = 0;
};

} // namespace

DelayProxy::DelayProxy(quint16 upstreamPort, int delayMs, int jitterMs, quint32 seed,
                       QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
    , m_delayMs(delayMs)
    , m_jitterMs(jitterMs)
    , m_random(seed)
{
    connect(&m_server, &QTcpServer::newConnection, this, &DelayProxy::accept);
}

bool DelayProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void DelayProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        new DelayedPipe(client, upstream, m_delayMs, m_jitterMs, &m_random, &m_toServer, client);
        new DelayedPipe(upstream, client, m_delayMs, m_jitterMs, &m_random, &m_toClient, client);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
    }
}

} // namespace watchium::bench
