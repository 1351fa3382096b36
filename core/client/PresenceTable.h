#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace watchium {

// The channel's presence as realtime-js's Presence keeps it: key → metas,
// replaced by `presence_state`, patched by `presence_diff` (joins first, then
// leaves, matched by phx_ref, so an update = leave old + join new leaves just
// the new meta). Diffs that arrive before the first state after a (re)join
// describe a state we do not have yet: they are held and applied on top of it.
// Pure: no I/O.
class PresenceTable
{
public:
    // A (re)join: the next presence_state starts the table afresh.
    void reset();
    void applyState(const QJsonObject &state);
    // Returns false if the diff was held back, waiting for the state.
    bool applyDiff(const QJsonObject &diff);

    bool synced() const { return m_synced; }
    // Each key's newest meta: one entry per member however many sockets it has.
    QMap<QString, QJsonObject> members() const;
    QList<QJsonObject> metas(const QString &key) const { return m_metas.value(key); }

private:
    void patch(const QJsonObject &diff);

    QMap<QString, QList<QJsonObject>> m_metas;
    QList<QJsonObject> m_heldDiffs;
    bool m_synced = false;
};

} // namespace watchium
