#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace watchium::server {
class ClusterBus;
class Database;
} // namespace watchium::server

namespace watchium::bench {

// One node's sending side, on a thread of its own with its own store connection: publishes
// envelopes at a set rate through the server's ClusterBus, as a node's serving thread would.
class BusSender : public QObject
{
    Q_OBJECT

public:
    BusSender(QString databaseUrl, int envelopeBytes);
    ~BusSender() override;

public Q_SLOTS:
    // Opens the store and the bus (emits opened).
    void open();
    // Publishes `ratePerS` envelopes a second for `durationMs`: every `tickMs` the envelopes
    // due go in one turn (one flush), or with `single` each in a NOTIFY of its own, the way a
    // node sends when a turn holds one envelope. Emits finished.
    // Each envelope carries `step`, so a straggler is not counted in the next step.
    void run(int step, int ratePerS, int tickMs, bool single, int durationMs);
    void close();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void finished(qint64 published, qint64 notifies, double seconds);

private:
    void tick();

    QString m_url;
    int m_envelopeBytes;
    std::unique_ptr<server::Database> m_db;
    std::unique_ptr<server::ClusterBus> m_bus;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_step = 0;
    int m_rate = 0;
    bool m_single = false;
    int m_durationMs = 0;
    qint64 m_sent = 0;
    qint64 m_notifiesAtStart = 0;
};

// Microseconds on a clock every thread of the process shares.
qint64 steadyUs();

} // namespace watchium::bench
