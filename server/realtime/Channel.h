#pragma once

#include "realtime/ChangeFilter.h"
#include "realtime/PresenceMeta.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace watchium::server {

// One postgres_changes binding a channel asked for in its join config.
struct ChangeBinding
{
    int id = 0; // shared by identical bindings, so frames encode once
    QJsonObject echo; // what the client sent, echoed in the join reply
    QString event; // INSERT, UPDATE, DELETE or *
    QString table;
    ChangeFilter filter;
};

// A joined channel on one socket: its config from phx_join, and who the
// socket is in the room (empty userId: an unidentified viewer).
struct Channel
{
    QString topic;
    QString joinRef;
    QString roomId; // set for realtime:room:<id> topics
    bool broadcastSelf = false;
    bool broadcastAck = false; // answer each broadcast push (config.broadcast.ack)
    QString presenceKey;
    bool tracking = false;
    PresenceMeta presenceMeta; // includes phx_ref while tracking
    int presenceIntervalMs = 0; // the re-track period it declared (PresenceLiveness), 0: none
    qint64 lastTrackMs = 0; // the join, then each track
    // Its presence expired while the socket stayed open: untracked, and its member counted as
    // disconnected until it tracks again.
    bool silent = false;
    QList<ChangeBinding> bindings;
    QString token;
    QString userId;
};

} // namespace watchium::server
