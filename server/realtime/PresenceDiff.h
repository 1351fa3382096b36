#pragma once

#include "protocol/Message.h"
#include "realtime/PresenceMeta.h"

#include <QHash>
#include <QList>

namespace watchium::server {

// One topic's presence changes gathered into one presence_diff frame. Clients (phoenix.js,
// realtime-js, our PresenceTable) apply a diff's joins before its leaves and match metas by
// phx_ref, so the gathered frame leaves every subscriber where the frames one by one would
// have, including one whose presence_state already held some of the changes. The metas stay
// encoded: the frame's payload is spliced from them. Pure.
class PresenceDiff
{
public:
    // One key's change: `joined` and/or `left`, an empty meta being no change on that side.
    void add(const QString &key, const PresenceMeta &joined, const PresenceMeta &left);
    bool isEmpty() const { return m_joins.isEmpty() && m_leaves.isEmpty(); }
    // How many add()s it holds: the frames it stands for.
    int changes() const { return m_changes; }
    // {"joins": {key: {"metas": [...]}}, "leaves": {...}}, compact JSON.
    QByteArray payloadJson() const;
    // The frame, its payload parsed back (for tests and tools; the server sends payloadJson()).
    protocol::Message message(const QString &topic) const;

private:
    using Side = QHash<QString, QList<PresenceMeta>>;
    static void removeRef(Side &side, const QString &key, const QString &ref);
    static void appendSide(QByteArray &out, const Side &side);

    Side m_joins;
    Side m_leaves;
    int m_changes = 0;
};

} // namespace watchium::server
