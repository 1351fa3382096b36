#include "BusSender.h"

#include "cluster/ClusterBus.h"
#include "store/Database.h"

#include <QJsonObject>

#include <algorithm>
#include <chrono>

namespace watchium::bench {

qint64 steadyUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

BusSender::BusSender(QString databaseUrl, int envelopeBytes)
    : m_url(std::move(databaseUrl))
    , m_envelopeBytes(envelopeBytes)
    , m_timer(this) // moves to the sender's thread with it
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &BusSender::tick);
}

BusSender::~BusSender() = default;

void BusSender::open()
{
    m_db = std::make_unique<server::Database>();
    QString error;
    if (!m_db->open(QString(), m_url, &error)) {
        Q_EMIT opened(false, error);
        return;
    }
    m_bus = std::make_unique<server::ClusterBus>(m_db.get());
    const bool ok = m_bus->start(&error);
    Q_EMIT opened(ok, error);
}

void BusSender::run(int step, int ratePerS, int tickMs, bool single, int durationMs)
{
    m_step = step;
    m_rate = ratePerS;
    m_single = single;
    m_durationMs = durationMs;
    m_sent = 0;
    m_notifiesAtStart = m_bus->notifies();
    m_clock.start();
    m_timer.setInterval(std::max(1, tickMs));
    m_timer.start();
}

void BusSender::tick()
{
    const qint64 elapsedMs = m_clock.elapsed();
    const qint64 due = std::min<qint64>(elapsedMs, m_durationMs) * m_rate / 1000;
    // A room-sized filler, as a presence or control envelope carries.
    const QString filler(m_envelopeBytes, QLatin1Char('x'));
    while (m_sent < due) {
        m_bus->publish({{QStringLiteral("k"), QStringLiteral("bench")},
                        {QStringLiteral("step"), m_step},
                        {QStringLiteral("t"), steadyUs()},
                        {QStringLiteral("x"), filler}});
        ++m_sent;
        if (m_single)
            m_bus->flush();
    }
    m_bus->flush();
    if (elapsedMs >= m_durationMs) {
        m_timer.stop();
        Q_EMIT finished(m_sent, m_bus->notifies() - m_notifiesAtStart,
                        double(m_clock.elapsed()) / 1000.0);
    }
}

void BusSender::close()
{
    if (m_bus)
        m_bus->stop();
    m_bus.reset();
    m_db.reset();
}

} // namespace watchium::bench
