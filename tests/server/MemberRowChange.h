#pragma once

#include "WsClient.h"

#include <QJsonObject>

namespace watchium::test {

// A room_members postgres_changes event saying whether `userId` is online.
inline WsClient::Predicate memberRowChange(const QString &userId, bool online)
{
    return [userId, online](const protocol::Message &m) {
        const QJsonObject record = m.payload.value(QLatin1String("data"))
                                       .toObject()
                                       .value(QLatin1String("record"))
                                       .toObject();
        return m.event == QLatin1String("postgres_changes")
            && record.value(QLatin1String("user_id")).toString() == userId
            && record.value(QLatin1String("is_online")).toBool() == online;
    };
}

} // namespace watchium::test
