#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace watchium::bench {

// What one shard must do: which members to connect (each already created or
// joined over HTTP, with its token), to which server, at what rates. The
// parent writes it to a file; the shard reads it.
struct Plan
{
    struct Room
    {
        QString id;
        int size = 0; // members in the whole room, across shards
    };
    struct Member
    {
        int room = 0; // index into rooms
        QString userId;
        QString username;
        QString token;
        bool host = false;
        int node = 0; // index into wsUrls
        bool crossNode = false; // on another node than the room's host
    };

    int shard = 0;
    QStringList wsUrls; // one per server node
    int controlIntervalMs = 0;
    int presenceIntervalMs = 0;
    int commentIntervalMs = 0;
    bool bindings = true;
    int connectConcurrency = 64;
    QList<Room> rooms;
    QList<Member> members;

    QJsonObject toJson() const;
    static Plan fromJson(const QJsonObject &json);
    bool save(const QString &path) const;
    static bool load(const QString &path, Plan *plan);
};

} // namespace watchium::bench
