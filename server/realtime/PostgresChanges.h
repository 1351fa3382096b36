#pragma once

#include "protocol/Message.h"
#include "realtime/Channel.h"
#include "rooms/RoomEvents.h"

#include <QJsonArray>
#include <QJsonObject>

// The frames Supabase Realtime's postgres_changes extension sends, built from a store change.
// Pure: who receives them is the hub's business (ChangeRoutes finds the candidates).
namespace watchium::server::postgres_changes {

// INSERT, UPDATE or DELETE: the spelling of bindings' `event` and of the frame's `type`.
QString typeName(RoomEvents::ChangeType type);
// The ids of `channel`'s bindings that want this change, in the order it declared them.
QJsonArray matchingIds(const Channel &channel, const QString &table, const QString &typeName,
                       const QJsonObject &record);
// The frame's `data`: schema, table, type, columns, record and old_record as the type has them.
QJsonObject data(const QString &table, RoomEvents::ChangeType type, const TableRow &row,
                 const TableRow &oldRow, qint64 commitMs);
protocol::Message message(const QString &topic, const QJsonArray &ids, const QJsonObject &data);

} // namespace watchium::server::postgres_changes
