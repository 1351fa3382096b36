#pragma once

#include "domain/MediaIdentity.h"
#include "domain/PlayerStatus.h"
#include "domain/RoomState.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace watchium::server {

// A row as clients see it: the record keyed by the seeds' column names, and
// the Postgres type of each column (realtime-js converts values by type).
struct TableRow
{
    QJsonObject record;
    QJsonArray columns;
};

QString isoTime(qint64 msSinceEpoch);

struct RoomRecord
{
    QString roomId;
    QString title;
    QString animeId;
    QString animeTitle;
    qint64 episode = 1;
    QString videoUrl;
    QString hostUserId;
    QString hostUsername;
    bool isPublic = true;
    QString accessKey; // empty for public rooms
    RoomState state;
    // The host's switch: pause for members whose player loads or buffers.
    bool groupWait = true;
    // The host's file in an "own files" room (videoUrl empty): what members compare theirs to.
    MediaIdentity media;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 lastActivityAt = 0;

    // The access key is a secret: only its creator (and the host) see it.
    TableRow toRow(bool withAccessKey = false) const;
};

struct MemberRecord
{
    qint64 id = 0;
    QString roomId;
    QString userId;
    QString username;
    QString avatarUrl;
    bool isHost = false;
    bool isOnline = false;
    bool isPlaying = false;
    double position = 0.0;
    bool isSynced = true;
    double syncOffsetMs = 0.0;
    qint64 joinedAt = 0;
    qint64 lastHeartbeat = 0;
    QString tokenHash;
    // What the member's player reported in its presence; not stored, since a restarted server
    // learns it from the next report.
    PlayerStatus playerStatus = PlayerStatus::Unknown;
    QString playerError;
    double duration = 0.0;
    // Waiting in LiveRooms' presence queue to be written (in memory only): queued once, however
    // often it reports before its share is written.
    bool presenceQueued = false;

    TableRow toRow() const;
};

struct CommentRecord
{
    qint64 id = 0;
    QString animeId;
    qint64 episode = 1;
    QString roomId; // empty: posted outside a room
    QString userId;
    QString username;
    QString avatarUrl;
    QString message;
    std::optional<double> videoTimestamp;
    std::optional<qint64> parentId;
    // The top-level comment a reply belongs to, so a page of threads loads
    // with two queries however deep the replies go.
    std::optional<qint64> threadId;
    bool isSystem = false;
    bool isAnchor = false;
    QString idempotencyKey;
    qint64 createdAt = 0;
    // Posted in a private room: shown to that room's members only, on every path. Kept on the
    // comment because comments outlive their rooms.
    bool isPrivate = false;

    TableRow toRow() const;
};

} // namespace watchium::server
