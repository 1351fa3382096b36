#pragma once

#include "protocol/Message.h"
#include "rooms/RoomEvents.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace watchium::server::envelope {

// What nodes of a cluster tell each other, as small JSON objects (field `k` names the kind):
// built here, read back by decode(), which refuses one that lacks what its kind needs.
enum class Kind {
    RoomBroadcast, // a server event on a room's channel
    TableChange, // postgres_changes, and a row other nodes may hold in memory
    RoomClosed,
    MemberRemoved,
    MemberOnline, // a member's first socket on the node opened, or its last closed
    Message, // a member's broadcast
    Binary, // a member's broadcast with a raw-bytes payload
    Presence, // presence diffs of one event-loop turn
    Hello, // a node started: tell it what you hold
    Snapshot, // what a node holds: presence and online members, for node `to`
};

QJsonObject roomBroadcast(const QString &roomId, const QString &event, const QJsonObject &payload);
QJsonObject tableChange(const QString &table, RoomEvents::ChangeType type, const TableRow &row,
                        const TableRow &oldRow);
QJsonObject roomClosed(const QString &roomId);
QJsonObject memberRemoved(const QString &roomId, const QString &userId);
QJsonObject memberOnline(const QString &roomId, const QString &userId, bool online);
QJsonObject message(const protocol::Message &message);
QJsonObject binary(const QString &topic, const QString &event, const QByteArray &payload);
QJsonObject presenceDiff(const QString &topic, const QString &key, const QJsonObject &joined,
                         const QJsonObject &left);
QJsonObject presence(const QJsonArray &diffs);
// "Tell me what you hold." `again`: the node lost envelopes (its listening connection dropped)
// and asks each node to say hello back, in case that node was deaf when this one came; `to`: only
// that node answers (such a hello back).
QJsonObject hello(bool again = false, const QString &to = {});
// `online`: {room_id: [user_id, ...]}; `presence`: {topic: {key: [meta, ...]}}.
QJsonObject snapshot(const QString &to, const QJsonObject &presence, const QJsonObject &online);

struct PresenceDiff
{
    QString topic;
    QString key;
    QJsonObject joined;
    QJsonObject left;
};

struct Decoded
{
    Kind kind = Kind::Hello;
    QString node; // who sent it
    QString roomId;
    QString userId;
    QString event;
    QString table;
    RoomEvents::ChangeType changeType = RoomEvents::ChangeType::Update;
    TableRow row;
    TableRow oldRow;
    QJsonObject payload;
    bool online = false; // MemberOnline; for Hello, "again"
    protocol::Message message; // Message, and Binary's topic/event/bytes
    QList<PresenceDiff> diffs;
    QString to;
    QJsonObject presence;
    QJsonObject onlineMembers;
};

std::optional<Decoded> decode(const QJsonObject &envelope);

} // namespace watchium::server::envelope
