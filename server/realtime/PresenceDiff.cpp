#include "realtime/PresenceDiff.h"

#include "protocol/Codec.h"

#include <QJsonDocument>

#include <algorithm>

namespace watchium::server {

void PresenceDiff::removeRef(Side &side, const QString &key, const QString &ref)
{
    const auto it = side.find(key);
    if (it == side.end())
        return;
    it->removeIf([&ref](const PresenceMeta &meta) { return meta.ref == ref; });
    if (it->isEmpty())
        side.erase(it);
}

void PresenceDiff::add(const QString &key, const PresenceMeta &joined, const PresenceMeta &left)
{
    ++m_changes;
    if (!joined.isEmpty()) {
        // A meta that comes back (a node's presence after it was taken for gone) must not be
        // dropped by its own earlier leave, which a client would apply after the join; and a
        // meta joined twice is there once, as its newer self.
        removeRef(m_leaves, key, joined.ref);
        removeRef(m_joins, key, joined.ref);
        m_joins[key].append(joined);
    }
    if (!left.isEmpty()) {
        // The join of a meta that left again stays: a subscriber whose presence_state came
        // between the two holds it, and the leave after the join removes it from everyone.
        removeRef(m_leaves, key, left.ref);
        m_leaves[key].append(left);
    }
}

void PresenceDiff::appendSide(QByteArray &out, const Side &side)
{
    // Keys in order, as an encoded object would have them: the same changes, the same bytes.
    QStringList keys = side.keys();
    std::sort(keys.begin(), keys.end());
    out.append('{');
    for (qsizetype k = 0; k < keys.size(); ++k) {
        if (k > 0)
            out.append(',');
        out.append(protocol::Codec::jsonString(keys.at(k)));
        out.append(":{\"metas\":[");
        const QList<PresenceMeta> &metas = side.value(keys.at(k));
        for (qsizetype i = 0; i < metas.size(); ++i) {
            if (i > 0)
                out.append(',');
            out.append(metas.at(i).json);
        }
        out.append("]}");
    }
    out.append('}');
}

QByteArray PresenceDiff::payloadJson() const
{
    QByteArray out;
    out.append("{\"joins\":");
    appendSide(out, m_joins);
    out.append(",\"leaves\":");
    appendSide(out, m_leaves);
    out.append('}');
    return out;
}

protocol::Message PresenceDiff::message(const QString &topic) const
{
    protocol::Message m;
    m.topic = topic;
    m.event = QStringLiteral("presence_diff");
    m.payload = QJsonDocument::fromJson(payloadJson()).object();
    return m;
}

} // namespace watchium::server
