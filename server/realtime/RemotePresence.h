#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace watchium::server {

// The presence other nodes of a cluster hold on each topic, kept from the diffs they relay, so a
// channel joined here sees everyone tracked anywhere.
class RemotePresence
{
public:
    // A diff another node relayed: `left` (by its phx_ref) goes, `joined` comes.
    void apply(const QString &nodeId, const QString &topic, const QString &key,
               const QJsonObject &joined, const QJsonObject &left);
    struct Entry
    {
        QString topic;
        QString key;
        QJsonObject meta;
    };
    struct Changes
    {
        QList<Entry> left;
        QList<Entry> joined;
    };
    // Replaces all a node holds with `snapshot` ({topic: {key: [meta, ...]}}); what that
    // changed (by phx_ref), for the diffs of a snapshot that corrects what subscribers saw.
    Changes replace(const QString &nodeId, const QJsonObject &snapshot);
    // Adds the metas held elsewhere on `topic` to `metas` (by key).
    void addTo(const QString &topic, QHash<QString, QJsonArray> &metas) const;

    // Forgets a node that is gone; what it held, for leaves to announce.
    QList<Entry> dropNode(const QString &nodeId);
    int metaCount() const;

private:
    // node -> topic -> key -> metas
    QHash<QString, QHash<QString, QHash<QString, QList<QJsonObject>>>> m_nodes;
};

} // namespace watchium::server
