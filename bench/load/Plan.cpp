#include "Plan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace watchium::bench {

QJsonObject Plan::toJson() const
{
    QJsonArray roomList;
    for (const Room &r : rooms)
        roomList.append(QJsonArray {r.id, r.size});
    QJsonArray memberList;
    for (const Member &m : members)
        memberList.append(
            QJsonArray {m.room, m.userId, m.username, m.token, m.host, m.node, m.crossNode});
    return {{QStringLiteral("shard"), shard},
            {QStringLiteral("ws_urls"), QJsonArray::fromStringList(wsUrls)},
            {QStringLiteral("control_interval_ms"), controlIntervalMs},
            {QStringLiteral("presence_interval_ms"), presenceIntervalMs},
            {QStringLiteral("comment_interval_ms"), commentIntervalMs},
            {QStringLiteral("bindings"), bindings},
            {QStringLiteral("connect_concurrency"), connectConcurrency},
            {QStringLiteral("rooms"), roomList},
            {QStringLiteral("members"), memberList}};
}

Plan Plan::fromJson(const QJsonObject &json)
{
    Plan p;
    p.shard = json.value(QLatin1String("shard")).toInt();
    for (const QJsonValue &v : json.value(QLatin1String("ws_urls")).toArray())
        p.wsUrls.append(v.toString());
    p.controlIntervalMs = json.value(QLatin1String("control_interval_ms")).toInt();
    p.presenceIntervalMs = json.value(QLatin1String("presence_interval_ms")).toInt();
    p.commentIntervalMs = json.value(QLatin1String("comment_interval_ms")).toInt();
    p.bindings = json.value(QLatin1String("bindings")).toBool(true);
    p.connectConcurrency = json.value(QLatin1String("connect_concurrency")).toInt(64);
    for (const QJsonValue &v : json.value(QLatin1String("rooms")).toArray()) {
        const QJsonArray r = v.toArray();
        p.rooms.append({r.at(0).toString(), r.at(1).toInt()});
    }
    for (const QJsonValue &v : json.value(QLatin1String("members")).toArray()) {
        const QJsonArray m = v.toArray();
        p.members.append({m.at(0).toInt(), m.at(1).toString(), m.at(2).toString(),
                          m.at(3).toString(), m.at(4).toBool(), m.at(5).toInt(), m.at(6).toBool()});
    }
    return p;
}

bool Plan::save(const QString &path) const
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly)
        && f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Compact)) > 0;
}

bool Plan::load(const QString &path, Plan *plan)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (!doc.isObject())
        return false;
    *plan = fromJson(doc.object());
    return true;
}

} // namespace watchium::bench
