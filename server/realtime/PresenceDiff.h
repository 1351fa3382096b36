#pragma once

#include "protocol/Message.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace watchium::server {

// One topic's presence changes gathered into one presence_diff frame. Clients (phoenix.js,
// realtime-js, our PresenceTable) apply a diff's joins before its leaves and match metas by
// phx_ref, so the gathered frame leaves every subscriber where the frames one by one would
// have, including one whose presence_state already held some of the changes. Pure.
class PresenceDiff
{
public:
    // One key's change: `joined` and/or `left`, an empty meta being no change on that side.
    void add(const QString &key, const QJsonObject &joined, const QJsonObject &left);
    bool isEmpty() const { return m_joins.isEmpty() && m_leaves.isEmpty(); }
    // How many add()s it holds: the frames it stands for.
    int changes() const { return m_changes; }
    protocol::Message message(const QString &topic) const;

private:
    QHash<QString, QJsonArray> m_joins;
    QHash<QString, QJsonArray> m_leaves;
    int m_changes = 0;
};

} // namespace watchium::server
