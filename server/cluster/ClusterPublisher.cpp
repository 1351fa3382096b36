#include "cluster/ClusterPublisher.h"

#include "cluster/ClusterBus.h"
#include "cluster/Envelope.h"

#include <QJsonDocument>

namespace watchium::server {

namespace {

// Diffs are batched up to this size, so a batch travels in one NOTIFY rather than a spilled row.
constexpr int kPresenceBatchBytes = 6000;

} // namespace

ClusterPublisher::ClusterPublisher(RoomEvents *local, ClusterBus *bus, QObject *parent)
    : QObject(parent)
    , m_local(local)
    , m_bus(bus)
{
    m_presenceFlush.setSingleShot(true);
    m_presenceFlush.setInterval(0);
    connect(&m_presenceFlush, &QTimer::timeout, this, &ClusterPublisher::flushPresence);
}

void ClusterPublisher::roomBroadcast(const QString &roomId, const QString &event,
                                     const QJsonObject &payload)
{
    m_local->roomBroadcast(roomId, event, payload);
    m_bus->publish(envelope::roomBroadcast(roomId, event, payload));
}

void ClusterPublisher::tableChange(const QString &table, ChangeType type, const TableRow &row,
                                   const TableRow &oldRow)
{
    m_local->tableChange(table, type, row, oldRow);
    m_bus->publish(envelope::tableChange(table, type, row, oldRow));
}

void ClusterPublisher::roomClosed(const QString &roomId)
{
    m_local->roomClosed(roomId);
    m_bus->publish(envelope::roomClosed(roomId));
}

void ClusterPublisher::memberRemoved(const QString &roomId, const QString &userId)
{
    m_local->memberRemoved(roomId, userId);
    m_bus->publish(envelope::memberRemoved(roomId, userId));
}

void ClusterPublisher::memberOnline(const QString &roomId, const QString &userId, bool online)
{
    m_local->memberOnline(roomId, userId, online);
    m_bus->publish(envelope::memberOnline(roomId, userId, online));
}

void ClusterPublisher::relayMessage(const protocol::Message &message)
{
    m_bus->publish(envelope::message(message));
}

void ClusterPublisher::relayBinary(const QString &topic, const QString &event,
                                   const QByteArray &payload)
{
    m_bus->publish(envelope::binary(topic, event, payload));
}

void ClusterPublisher::relayPresence(const QString &topic, const QString &key,
                                     const QJsonObject &joined, const QJsonObject &left)
{
    const QJsonObject diff = envelope::presenceDiff(topic, key, joined, left);
    const int bytes = int(QJsonDocument(diff).toJson(QJsonDocument::Compact).size());
    if (m_presenceBytes + bytes > kPresenceBatchBytes)
        flushPresence();
    m_presence.append(diff);
    m_presenceBytes += bytes;
    m_presenceFlush.start();
}

void ClusterPublisher::flushPresence()
{
    m_presenceFlush.stop();
    if (m_presence.isEmpty())
        return;
    m_bus->publish(envelope::presence(m_presence));
    m_presence = {};
    m_presenceBytes = 0;
}

} // namespace watchium::server
