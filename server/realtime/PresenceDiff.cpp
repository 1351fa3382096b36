#include "realtime/PresenceDiff.h"

#include "realtime/PresenceFrames.h"

namespace watchium::server {

namespace {

void removeRef(QHash<QString, QJsonArray> &side, const QString &key, const QString &ref)
{
    const auto it = side.find(key);
    if (it == side.end())
        return;
    for (qsizetype i = it->size() - 1; i >= 0; --i) {
        if (presence_frames::ref(it->at(i).toObject()) == ref)
            it->removeAt(i);
    }
    if (it->isEmpty())
        side.erase(it);
}

} // namespace

void PresenceDiff::add(const QString &key, const QJsonObject &joined, const QJsonObject &left)
{
    ++m_changes;
    if (!joined.isEmpty()) {
        // A meta that comes back (a node's presence after it was taken for gone) must not be
        // dropped by its own earlier leave, which a client would apply after the join; and a
        // meta joined twice is there once, as its newer self.
        const QString ref = presence_frames::ref(joined);
        removeRef(m_leaves, key, ref);
        removeRef(m_joins, key, ref);
        m_joins[key].append(joined);
    }
    if (!left.isEmpty()) {
        // The join of a meta that left again stays: a subscriber whose presence_state came
        // between the two holds it, and the leave after the join removes it from everyone.
        const QString ref = presence_frames::ref(left);
        removeRef(m_leaves, key, ref);
        m_leaves[key].append(left);
    }
}

protocol::Message PresenceDiff::message(const QString &topic) const
{
    protocol::Message m;
    m.topic = topic;
    m.event = QStringLiteral("presence_diff");
    m.payload = {{QStringLiteral("joins"), presence_frames::state(m_joins)},
                 {QStringLiteral("leaves"), presence_frames::state(m_leaves)}};
    return m;
}

} // namespace watchium::server
