#include "realtime/PostgresChanges.h"

namespace watchium::server::postgres_changes {

QString typeName(RoomEvents::ChangeType type)
{
    switch (type) {
    case RoomEvents::ChangeType::Insert:
        return QStringLiteral("INSERT");
    case RoomEvents::ChangeType::Update:
        return QStringLiteral("UPDATE");
    case RoomEvents::ChangeType::Delete:
        return QStringLiteral("DELETE");
    }
    return QStringLiteral("UPDATE");
}

QJsonArray matchingIds(const Channel &channel, const QString &table, const QString &typeName,
                       const QJsonObject &record)
{
    QJsonArray ids;
    for (const ChangeBinding &b : channel.bindings) {
        if (b.table == table && (b.event == QLatin1String("*") || b.event == typeName)
            && b.filter.matches(record))
            ids.append(b.id);
    }
    return ids;
}

QJsonObject data(const QString &table, RoomEvents::ChangeType type, const TableRow &row,
                 const TableRow &oldRow, qint64 commitMs)
{
    using Type = RoomEvents::ChangeType;
    QJsonObject data {
        {QStringLiteral("schema"), QStringLiteral("public")},
        {QStringLiteral("table"), table},
        {QStringLiteral("commit_timestamp"), isoTime(commitMs)},
        {QStringLiteral("type"), typeName(type)},
        {QStringLiteral("columns"), type == Type::Delete ? oldRow.columns : row.columns},
        {QStringLiteral("errors"), QJsonValue(QJsonValue::Null)}};
    if (type != Type::Delete)
        data.insert(QStringLiteral("record"), row.record);
    if (type != Type::Insert)
        data.insert(QStringLiteral("old_record"), oldRow.record);
    return data;
}

protocol::Message message(const QString &topic, const QJsonArray &ids, const QJsonObject &data)
{
    protocol::Message m;
    m.topic = topic;
    m.event = QStringLiteral("postgres_changes");
    m.payload = {{QStringLiteral("ids"), ids}, {QStringLiteral("data"), data}};
    return m;
}

} // namespace watchium::server::postgres_changes
