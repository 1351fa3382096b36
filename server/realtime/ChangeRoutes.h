#pragma once

#include "realtime/Channel.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace watchium::server {

class RealtimeConnection;

// Which channels may want a change to a table row, found without looking at
// every connection: bindings with an `eq` filter are indexed by table, column
// and value (a room's channels by its room_id), the rest by table. The exact
// binding check still runs on the few candidates.
class ChangeRoutes
{
public:
    struct Route
    {
        RealtimeConnection *connection;
        QString topic;
        friend bool operator==(const Route &, const Route &) = default;
    };

    void add(RealtimeConnection *connection, const Channel &channel);
    void remove(RealtimeConnection *connection, const Channel &channel);
    QList<Route> candidates(const QString &table, const QJsonObject &record) const;

    // The text an indexed value is compared as: numbers in one spelling, so
    // a filter `eq.3` finds a record's 3.
    static QString key(const QJsonValue &value);
    static QString key(const QString &filterValue);

private:
    // table -> column -> value -> routes
    QHash<QString, QHash<QString, QHash<QString, QList<Route>>>> m_byValue;
    QHash<QString, QList<Route>> m_byTable;
};

inline size_t qHash(const ChangeRoutes::Route &r, size_t seed = 0)
{
    return qHashMulti(seed, r.connection, r.topic);
}

} // namespace watchium::server
