#include "client/PresenceTable.h"

#include <QJsonArray>
#include <QSet>

namespace watchium {

namespace {

QList<QJsonObject> metasOf(const QJsonValue &entry)
{
    QList<QJsonObject> metas;
    for (const QJsonValue &meta : entry.toObject().value(QLatin1String("metas")).toArray())
        metas.append(meta.toObject());
    return metas;
}

QString phxRef(const QJsonObject &meta)
{
    return meta.value(QLatin1String("phx_ref")).toString();
}

} // namespace

void PresenceTable::reset()
{
    m_synced = false;
    m_heldDiffs.clear();
}

void PresenceTable::applyState(const QJsonObject &state)
{
    m_metas.clear();
    for (auto it = state.constBegin(); it != state.constEnd(); ++it) {
        const QList<QJsonObject> metas = metasOf(it.value());
        if (!metas.isEmpty())
            m_metas.insert(it.key(), metas);
    }
    m_synced = true;
    for (const QJsonObject &diff : std::exchange(m_heldDiffs, {}))
        patch(diff);
}

bool PresenceTable::applyDiff(const QJsonObject &diff)
{
    if (!m_synced) {
        m_heldDiffs.append(diff);
        return false;
    }
    patch(diff);
    return true;
}

void PresenceTable::patch(const QJsonObject &diff)
{
    const QJsonObject joins = diff.value(QLatin1String("joins")).toObject();
    for (auto it = joins.constBegin(); it != joins.constEnd(); ++it) {
        const QList<QJsonObject> joined = metasOf(it.value());
        QSet<QString> joinedRefs;
        for (const QJsonObject &meta : joined)
            joinedRefs.insert(phxRef(meta));
        // Metas this join does not replace stay, ahead of the new ones.
        QList<QJsonObject> kept;
        for (const QJsonObject &meta : m_metas.value(it.key())) {
            if (!joinedRefs.contains(phxRef(meta)))
                kept.append(meta);
        }
        m_metas.insert(it.key(), kept + joined);
    }
    const QJsonObject leaves = diff.value(QLatin1String("leaves")).toObject();
    for (auto it = leaves.constBegin(); it != leaves.constEnd(); ++it) {
        auto current = m_metas.find(it.key());
        if (current == m_metas.end())
            continue;
        QSet<QString> leftRefs;
        for (const QJsonObject &meta : metasOf(it.value()))
            leftRefs.insert(phxRef(meta));
        const auto left = [&](const QJsonObject &meta) {
            return leftRefs.contains(phxRef(meta));
        };
        current->removeIf(left);
        if (current->isEmpty())
            m_metas.erase(current);
    }
}

QMap<QString, QJsonObject> PresenceTable::members() const
{
    QMap<QString, QJsonObject> members;
    for (auto it = m_metas.cbegin(); it != m_metas.cend(); ++it)
        members.insert(it.key(), it.value().constLast());
    return members;
}

} // namespace watchium
