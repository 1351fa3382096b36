#include "realtime/RemotePresence.h"

#include "realtime/PresenceFrames.h"

#include <QSet>

namespace watchium::server {

void RemotePresence::apply(const QString &nodeId, const QString &topic, const QString &key,
                           const QJsonObject &joined, const QJsonObject &left)
{
    auto &topics = m_nodes[nodeId];
    auto &keys = topics[topic];
    QList<QJsonObject> &metas = keys[key];
    if (!left.isEmpty()) {
        metas.removeIf([&](const QJsonObject &meta) {
            return presence_frames::ref(meta) == presence_frames::ref(left);
        });
    }
    if (!joined.isEmpty()) {
        // A diff seen twice (a snapshot that already had it) must not list the meta twice.
        metas.removeIf([&](const QJsonObject &meta) {
            return presence_frames::ref(meta) == presence_frames::ref(joined);
        });
        metas.append(joined);
    }
    if (metas.isEmpty())
        keys.remove(key);
    if (keys.isEmpty())
        topics.remove(topic);
    if (topics.isEmpty())
        m_nodes.remove(nodeId);
}

RemotePresence::Changes RemotePresence::replace(const QString &nodeId, const QJsonObject &snapshot)
{
    const auto identity = [](const QString &topic, const QString &key, const QJsonObject &meta) {
        return topic + QLatin1Char('\n') + key + QLatin1Char('\n') + presence_frames::ref(meta);
    };
    const QList<Entry> before = dropNode(nodeId);
    QSet<QString> held;
    for (const Entry &entry : before)
        held.insert(identity(entry.topic, entry.key, entry.meta));
    Changes changes;
    QSet<QString> now;
    for (auto topic = snapshot.begin(); topic != snapshot.end(); ++topic) {
        const QJsonObject keys = topic.value().toObject();
        for (auto key = keys.begin(); key != keys.end(); ++key) {
            for (const QJsonValue &value : key.value().toArray()) {
                const QJsonObject meta = value.toObject();
                apply(nodeId, topic.key(), key.key(), meta, {});
                const QString id = identity(topic.key(), key.key(), meta);
                now.insert(id);
                if (!held.contains(id))
                    changes.joined.append({topic.key(), key.key(), meta});
            }
        }
    }
    for (const Entry &entry : before) {
        if (!now.contains(identity(entry.topic, entry.key, entry.meta)))
            changes.left.append(entry);
    }
    return changes;
}

void RemotePresence::addTo(const QString &topic, QHash<QString, QJsonArray> &metas) const
{
    for (const auto &topics : m_nodes) {
        const auto found = topics.constFind(topic);
        if (found == topics.cend())
            continue;
        for (auto key = found->cbegin(); key != found->cend(); ++key) {
            for (const QJsonObject &meta : key.value())
                metas[key.key()].append(meta);
        }
    }
}

QList<RemotePresence::Entry> RemotePresence::dropNode(const QString &nodeId)
{
    QList<Entry> gone;
    const auto topics = m_nodes.take(nodeId);
    for (auto topic = topics.cbegin(); topic != topics.cend(); ++topic) {
        for (auto key = topic->cbegin(); key != topic->cend(); ++key) {
            for (const QJsonObject &meta : key.value())
                gone.append({topic.key(), key.key(), meta});
        }
    }
    return gone;
}

int RemotePresence::metaCount() const
{
    int count = 0;
    for (const auto &topics : m_nodes) {
        for (const auto &keys : topics) {
            for (const auto &metas : keys)
                count += int(metas.size());
        }
    }
    return count;
}

} // namespace watchium::server
