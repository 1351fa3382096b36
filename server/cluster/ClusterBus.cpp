#include "cluster/ClusterBus.h"

#include "cluster/NotifyBatch.h"
#include "Logging.h"
#include "store/Database.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <utility>

namespace watchium::server {

namespace {

constexpr int kHeartbeatMs = 1000;
// Spilled envelopes are read within milliseconds; a minute covers a node that was busy.
constexpr qint64 kSpillKeepMs = 60'000;

// The one node every envelope of `payload` is addressed to, or empty when any node may need it.
QString soleAddressee(const QByteArray &payload)
{
    const auto batch = notify_batch::unpack(payload);
    QString to;
    for (const QJsonObject &envelope : batch ? batch->envelopes : QList<QJsonObject>()) {
        const QString next = envelope.value(QLatin1String("to")).toString();
        if (next.isEmpty() || (!to.isEmpty() && next != to))
            return {};
        to = next;
    }
    return to;
}

QString nextListenConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("watchium-bus-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

const QString &ClusterBus::channelName()
{
    static const QString name = QStringLiteral("watchium_cluster");
    return name;
}

ClusterBus::ClusterBus(Database *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_nodeId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &ClusterBus::beat);
    m_flush.setSingleShot(true);
    m_flush.setInterval(0);
    connect(&m_flush, &QTimer::timeout, this, &ClusterBus::flush);
}

ClusterBus::~ClusterBus()
{
    stop();
}

bool ClusterBus::start(QString *error)
{
    // A connection of its own: LISTEN holds it, and its notifications arrive through the event
    // loop while the store's connection runs queries.
    m_listenConnection = nextListenConnectionName();
    m_listener = QSqlDatabase::cloneDatabase(m_store->connection(), m_listenConnection);
    // Named after the node in pg_stat_activity, so an operator (or a test) can tell whose it is;
    // TCP keepalives find a database that vanished without closing it (a broken network)
    // within ~11 s, where the connection would otherwise wait for a packet that never comes.
    QStringList options = m_listener.connectOptions().split(QLatin1Char(';'), Qt::SkipEmptyParts);
    options << QStringLiteral("application_name=%1").arg(listenerName())
            << QStringLiteral("keepalives=1") << QStringLiteral("keepalives_idle=5")
            << QStringLiteral("keepalives_interval=2") << QStringLiteral("keepalives_count=3");
    m_listener.setConnectOptions(options.join(QLatin1Char(';')));
    connect(m_listener.driver(), &QSqlDriver::notification, this, &ClusterBus::onNotification);
    if (!openListener(error))
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Statement q = m_store->statement(QStringLiteral(
        "INSERT INTO cluster_nodes (node_id, started_at, heartbeat_at) VALUES (?, ?, ?)"));
    q.bind({m_nodeId, now, now});
    if (!runQuery(q, "register cluster node")) {
        *error = QStringLiteral("cannot register this node in cluster_nodes");
        return false;
    }
    m_store->setWorkObserver(this);
    m_heartbeat.start();
    qCInfo(lcCluster) << "node" << m_nodeId << "listening on" << channelName();
    return true;
}

QString ClusterBus::listenerName() const
{
    return QStringLiteral("watchium-bus-") + m_nodeId;
}

bool ClusterBus::openListener(QString *error)
{
    if (!m_listener.open()) {
        *error = QStringLiteral("cannot open the cluster's listening connection: %1")
                     .arg(m_listener.lastError().text());
        return false;
    }
    if (!m_listener.driver()->subscribeToNotification(channelName())) {
        *error = QStringLiteral("cannot LISTEN on %1: %2")
                     .arg(channelName(), m_listener.driver()->lastError().text());
        m_listener.close();
        return false;
    }
    return true;
}

bool ClusterBus::listenerAlive() const
{
    // libpq marks the connection bad once it reads the end of it (a restart, a terminated
    // backend); a peer that vanished without a word is found by TCP keepalives (start()). A
    // query here would do the same but swallow notifications that arrive during it.
    return m_listener.isOpen() && m_listener.driver()->isOpen();
}

void ClusterBus::checkListener()
{
    if (!listenerAlive()) {
        if (!m_listenerDown) {
            m_listenerDown = true;
            qCWarning(lcCluster) << "the cluster's listening connection is lost:"
                                 << m_listener.lastError().text() << "- opening it again";
            Q_EMIT listenerLost(m_listener.lastError().text());
        }
        m_listener.close();
        QString why;
        if (!openListener(&why)) {
            qCWarning(lcCluster).noquote() << why << "(trying again in a second)";
            return;
        }
        m_listenerDown = false;
        ++m_listenerRestores;
        m_catchUpPending = true;
        qCInfo(lcCluster) << "the cluster's listening connection is back";
    }
    // Envelopes sent meanwhile are lost for this node: the receiver catches up, once the store
    // answers too. A database restart breaks both connections, and catching up through a store
    // that cannot read would take every room held here for deleted.
    if (m_catchUpPending && storeAnswers()) {
        m_catchUpPending = false;
        Q_EMIT listenerRestored();
    }
}

bool ClusterBus::storeAnswers() const
{
    Statement q = m_store->statement(QStringLiteral("SELECT 1"));
    return runQuery(q, "check the store before catching up");
}

void ClusterBus::stop()
{
    if (m_listenConnection.isEmpty())
        return;
    m_heartbeat.stop();
    flush();
    m_store->setWorkObserver(nullptr);
    // Gone on purpose: its heartbeat lapses at once, so the others need not wait for it.
    Statement q = m_store->statement(
        QStringLiteral("UPDATE cluster_nodes SET heartbeat_at = 0 WHERE node_id = ?"));
    q.bind({m_nodeId});
    runQuery(q, "leave the cluster");
    if (m_listener.isOpen()) {
        m_listener.driver()->unsubscribeFromNotification(channelName());
        m_listener.close();
    }
    m_listener = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_listenConnection);
    m_listenConnection.clear();
}

void ClusterBus::publish(const QJsonObject &envelope)
{
    m_queued.append(QJsonDocument(envelope).toJson(QJsonDocument::Compact));
    // Inside a transaction it goes when the transaction commits (workCommitting).
    if (!m_store->inWork())
        m_flush.start();
}

bool ClusterBus::flush()
{
    m_flush.stop();
    if (m_queued.isEmpty())
        return true;
    const QList<QByteArray> envelopes = std::exchange(m_queued, {});
    QList<QByteArray> payloads =
        notify_batch::pack(m_nodeId, &m_sequence, envelopes, kMaxNotifyBytes);
    for (QByteArray &payload : payloads) {
        if (payload.size() <= kMaxNotifyBytes)
            continue;
        Statement spill = m_store->statement(
            QStringLiteral("INSERT INTO cluster_spill (created_at, payload) VALUES (?, ?) "
                           "RETURNING id"));
        spill.bind({QDateTime::currentMSecsSinceEpoch(), QString::fromUtf8(payload)});
        if (!runQuery(spill, "spill cluster envelope") || !spill->next())
            return false;
        payload = notify_batch::spillReference(m_nodeId, m_sequence++, spill->value(0).toLongLong(),
                                               soleAddressee(payload));
        ++m_spilled;
    }
    if (!notify(payloads))
        return false;
    m_published += envelopes.size();
    return true;
}

bool ClusterBus::notify(const QList<QByteArray> &payloads)
{
    if (payloads.size() == 1) {
        Statement q = m_store->statement(QStringLiteral("SELECT pg_notify(?, ?)"));
        q.bind({channelName(), QString::fromUtf8(payloads.first())});
        if (!runQuery(q, "notify the cluster"))
            return false;
    } else {
        // Several payloads, one round trip: NOTIFYs of one statement are delivered in the order
        // the rows are read, which is the array's.
        QJsonArray texts;
        for (const QByteArray &payload : payloads)
            texts.append(QString::fromUtf8(payload));
        Statement q = m_store->statement(
            QStringLiteral("SELECT pg_notify(?, t) FROM json_array_elements_text(?::json) AS t"));
        q.bind({channelName(),
                QString::fromUtf8(QJsonDocument(texts).toJson(QJsonDocument::Compact))});
        if (!runQuery(q, "notify the cluster"))
            return false;
    }
    m_notifies += payloads.size();
    return true;
}

void ClusterBus::workBeginning()
{
    // Sent now, in a statement of their own: in the transaction they would be lost with it.
    flush();
}

bool ClusterBus::workCommitting()
{
    return flush();
}

void ClusterBus::workRolledBack()
{
    // Queued inside the transaction (workBeginning sent the rest): for changes that never were.
    m_queued.clear();
}

double ClusterBus::queueUsage() const
{
    Statement q = m_store->statement(QStringLiteral("SELECT pg_notification_queue_usage()"));
    if (!runQuery(q, "read the NOTIFY queue's use") || !q->next())
        return -1;
    return q->value(0).toDouble();
}

void ClusterBus::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                const QVariant &payload)
{
    if (name != channelName())
        return;
    auto batch = notify_batch::unpack(payload.toString().toUtf8());
    if (!batch) {
        qCWarning(lcCluster) << "not a cluster payload; dropped:" << payload.toString().left(200);
        return;
    }
    if (batch->node == m_nodeId)
        return;
    if (const qint64 row = batch->spillRow; row >= 0) {
        // A snapshot for a node that came (the large kind) is read by that node alone.
        if (!batch->to.isEmpty() && batch->to != m_nodeId) {
            ++m_spillsPassed;
            return;
        }
        Statement q =
            m_store->statement(QStringLiteral("SELECT payload FROM cluster_spill WHERE id = ?"));
        q.bind({row});
        if (!runQuery(q, "read a spilled cluster envelope") || !q->next()) {
            qCWarning(lcCluster) << "spilled envelope" << row << "is gone; dropped";
            return;
        }
        batch = notify_batch::unpack(q->value(0).toString().toUtf8());
        if (!batch || batch->spillRow >= 0) {
            qCWarning(lcCluster) << "spilled row" << row << "holds no envelopes; dropped";
            return;
        }
    }
    for (const QJsonObject &envelope : std::as_const(batch->envelopes)) {
        ++m_received;
        Q_EMIT envelopeReceived(envelope);
    }
}

void ClusterBus::beat()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Statement q = m_store->statement(
        QStringLiteral("UPDATE cluster_nodes SET heartbeat_at = ? WHERE node_id = ?"));
    q.bind({now, m_nodeId});
    runQuery(q, "cluster heartbeat");
    Statement old =
        m_store->statement(QStringLiteral("DELETE FROM cluster_spill WHERE created_at < ?"));
    old.bind({now - kSpillKeepMs});
    runQuery(old, "forget old spilled envelopes");
    Statement dead =
        m_store->statement(QStringLiteral("DELETE FROM cluster_nodes WHERE dead_at < ?"));
    dead.bind({now - kSpillKeepMs});
    runQuery(dead, "forget dead cluster nodes");
    checkListener();
}

QStringList ClusterBus::staleNodes(qint64 now, int staleMs) const
{
    Statement q = m_store->statement(
        QStringLiteral("SELECT node_id FROM cluster_nodes WHERE heartbeat_at < ? AND node_id <> ? "
                       "ORDER BY heartbeat_at"));
    q.bind({now - staleMs, m_nodeId});
    QStringList nodes;
    if (runQuery(q, "find stale cluster nodes")) {
        while (q->next())
            nodes.append(q->value(0).toString());
    }
    return nodes;
}

bool ClusterBus::claimDeadNode(const QString &nodeId)
{
    Statement q = m_store->statement(QStringLiteral(
        "UPDATE cluster_nodes SET dead_at = ? WHERE node_id = ? AND dead_at IS NULL"));
    q.bind({QDateTime::currentMSecsSinceEpoch(), nodeId});
    return runQuery(q, "claim a dead cluster node") && q->numRowsAffected() == 1;
}

} // namespace watchium::server
