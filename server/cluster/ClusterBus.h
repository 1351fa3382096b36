#pragma once

#include "store/WorkObserver.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTimer>

namespace watchium::server {

class Database;

// The nodes of one community talk through their shared PostgreSQL: envelopes are NOTIFYs on one
// channel, sent on the store's own connection. Envelopes sent inside a transaction go just before
// it commits, so they are delivered when, and only if, it commits; the others go together at the
// next turn of the event loop. Either way a round trip carries as many envelopes as fit a payload
// (NotifyBatch), and one larger than a payload travels in a table row named by a small one. Each
// node also keeps a heartbeat row, so the others can tell a node that stopped from a quiet one.
class ClusterBus : public QObject, private WorkObserver
{
    Q_OBJECT

public:
    explicit ClusterBus(Database *store, QObject *parent = nullptr);
    ~ClusterBus() override;

    // Opens the listening connection and announces this node; false with why in `error`.
    bool start(QString *error);
    void stop();
    const QString &nodeId() const { return m_nodeId; }

    // Sends `envelope` (a JSON object; the bus adds the node id) to every other node, with the
    // store's open transaction or, outside one, at the next turn.
    void publish(const QJsonObject &envelope);
    // Sends what is queued now; false if the database refused (the envelopes are dropped).
    bool flush();

    // NOTIFY refuses payloads of 8000 bytes or more; larger envelopes go through a row.
    static constexpr int kMaxNotifyBytes = 7900;
    static const QString &channelName();

    // Nodes whose heartbeat is older than `staleMs`, the stalest first (not this node).
    QStringList staleNodes(qint64 now, int staleMs) const;
    // Marks a stale node dead; true for the one node that marked it, which then acts for the
    // dead node's members (passes a host role on) so that exactly one node does.
    bool claimDeadNode(const QString &nodeId);

    qint64 published() const { return m_published; }
    qint64 notifies() const { return m_notifies; }
    qint64 received() const { return m_received; }
    qint64 spilled() const { return m_spilled; }
    // Spilled rows this node did not read, being addressed to another node.
    qint64 spillsPassed() const { return m_spillsPassed; }
    // The share of PostgreSQL's NOTIFY queue in use (pg_notification_queue_usage), -1 unknown.
    double queueUsage() const;

    // Times the listening connection was lost and opened again, since start (/metrics).
    qint64 listenerRestores() const { return m_listenerRestores; }
    // The listening connection's name in pg_stat_activity (application_name).
    QString listenerName() const;

Q_SIGNALS:
    void envelopeReceived(const QJsonObject &envelope);
    // The listening connection failed; the node keeps serving its own members and tries to
    // open it again every heartbeat.
    void listenerLost(const QString &why);
    // It is open again and the store answers; what the others sent meanwhile did not arrive.
    void listenerRestored();

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void beat();
    bool openListener(QString *error);
    bool listenerAlive() const;
    // Every heartbeat: a lost listening connection is opened again.
    void checkListener();
    bool storeAnswers() const;
    bool notify(const QList<QByteArray> &payloads);
    void workBeginning() override;
    bool workCommitting() override;
    void workRolledBack() override;

    Database *m_store;
    QString m_nodeId;
    QString m_listenConnection;
    QSqlDatabase m_listener;
    QTimer m_heartbeat;
    QTimer m_flush;
    QList<QByteArray> m_queued; // encoded envelopes, in order
    qint64 m_sequence = 0;
    qint64 m_published = 0;
    qint64 m_notifies = 0;
    qint64 m_received = 0;
    qint64 m_spilled = 0;
    qint64 m_spillsPassed = 0;
    qint64 m_listenerRestores = 0;
    bool m_listenerDown = false;
    bool m_catchUpPending = false; // the listener is back; the store has not answered yet
};

} // namespace watchium::server
