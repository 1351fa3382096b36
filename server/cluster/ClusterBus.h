#pragma once

#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTimer>

namespace watchium::server {

class Database;

// The nodes of one community talk through their shared PostgreSQL: an envelope is a NOTIFY on
// one channel, sent on the store's own connection, so an envelope sent inside a transaction is
// delivered when, and only if, that transaction commits. Envelopes over NOTIFY's payload limit
// travel in a table row named by a small one. Each node also keeps a heartbeat row, so the
// others can tell a node that stopped from a quiet one.
class ClusterBus : public QObject
{
    Q_OBJECT

public:
    explicit ClusterBus(Database *store, QObject *parent = nullptr);
    ~ClusterBus() override;

    // Opens the listening connection and announces this node; false with why in `error`.
    bool start(QString *error);
    void stop();
    const QString &nodeId() const { return m_nodeId; }

    // Sends `envelope` (a JSON object; the bus adds the node id) to every other node.
    bool publish(QJsonObject envelope);

    // NOTIFY refuses payloads of 8000 bytes or more; larger envelopes go through a row.
    static constexpr int kMaxNotifyBytes = 7900;
    static const QString &channelName();

    // Nodes whose heartbeat is older than `staleMs`, the stalest first (not this node).
    QStringList staleNodes(qint64 now, int staleMs) const;
    // Marks a stale node dead; true for the one node that marked it, which then acts for the
    // dead node's members (passes a host role on) so that exactly one node does.
    bool claimDeadNode(const QString &nodeId);

    qint64 published() const { return m_published; }
    qint64 received() const { return m_received; }
    qint64 spilled() const { return m_spilled; }
    // The share of PostgreSQL's NOTIFY queue in use (pg_notification_queue_usage), -1 unknown.
    double queueUsage() const;

Q_SIGNALS:
    void envelopeReceived(const QJsonObject &envelope);
    // The listening connection failed; the node keeps serving its own members.
    void listenerLost(const QString &why);

private:
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void beat();

    Database *m_store;
    QString m_nodeId;
    QString m_listenConnection;
    QSqlDatabase m_listener;
    QTimer m_heartbeat;
    qint64 m_published = 0;
    qint64 m_received = 0;
    qint64 m_spilled = 0;
};

} // namespace watchium::server
