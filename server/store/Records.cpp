#include "store/Records.h"

#include <QDateTime>

namespace watchium::server {

namespace {

class RowBuilder
{
public:
    RowBuilder &add(const char *name, const char *type, const QJsonValue &value)
    {
        const QString key = QString::fromLatin1(name);
        m_row.record.insert(key, value);
        m_row.columns.append(QJsonObject {{QStringLiteral("name"), key},
                                          {QStringLiteral("type"), QString::fromLatin1(type)}});
        return *this;
    }
    RowBuilder &text(const char *name, const QString &value, bool nullWhenEmpty = false)
    {
        return add(name, "text",
                   nullWhenEmpty && value.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(value));
    }
    RowBuilder &time(const char *name, qint64 ms) { return add(name, "timestamptz", isoTime(ms)); }
    TableRow take() { return std::move(m_row); }

private:
    TableRow m_row;
};

} // namespace

QString isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

TableRow RoomRecord::toRow(bool withAccessKey) const
{
    RowBuilder b;
    b.text("room_id", roomId)
        .text("title", title)
        .text("anime_id", animeId)
        .text("anime_title", animeTitle)
        .add("episode_number", "int4", episode)
        .text("video_url", videoUrl)
        .text("host_user_id", hostUserId)
        .text("host_username", hostUsername)
        .add("is_public", "bool", isPublic)
        .add("is_playing", "bool", state.playing)
        .add("current_playback_time", "float8", state.position)
        // Some seed snippets read `current_time`; it mirrors the column.
        .add("current_time", "float8", state.position)
        .add("playback_rate", "float8", state.rate)
        .add("state_server_time", "int8", state.serverTimeMs)
        .add("state_seq", "int8", state.seq)
        .add("video_duration", "float8", state.duration)
        .add("group_wait", "bool", groupWait)
        .text("media_name", media.name, true)
        .add("media_size", "int8", media.size >= 0 ? QJsonValue(media.size) : QJsonValue())
        .add("media_duration", "float8",
             media.duration > 0 ? QJsonValue(media.duration) : QJsonValue())
        .time("created_at", createdAt)
        .time("updated_at", updatedAt)
        .time("last_activity_at", lastActivityAt);
    if (withAccessKey)
        b.text("access_key", accessKey, true);
    return b.take();
}

TableRow MemberRecord::toRow() const
{
    return RowBuilder()
        .add("id", "int8", id)
        .text("room_id", roomId)
        .text("user_id", userId)
        .text("username", username)
        .text("avatar_url", avatarUrl, true)
        .add("is_host", "bool", isHost)
        .add("is_online", "bool", isOnline)
        .add("is_playing", "bool", isPlaying)
        .add("current_playback_time", "float8", position)
        .add("is_synced", "bool", isSynced)
        .add("sync_offset_ms", "float8", syncOffsetMs)
        .text("player_state", playerStatusName(playerStatus))
        .text("player_error", playerError, true)
        .time("joined_at", joinedAt)
        .time("last_heartbeat", lastHeartbeat)
        .take();
}

TableRow CommentRecord::toRow() const
{
    return RowBuilder()
        .add("id", "int8", id)
        .text("anime_id", animeId)
        .add("episode_number", "int4", episode)
        .text("room_id", roomId, true)
        .text("user_id", userId)
        .text("username", username)
        .text("avatar_url", avatarUrl, true)
        .text("message", message)
        .add("video_timestamp", "float8",
             videoTimestamp ? QJsonValue(*videoTimestamp) : QJsonValue(QJsonValue::Null))
        .add("parent_id", "int8", parentId ? QJsonValue(*parentId) : QJsonValue(QJsonValue::Null))
        .add("thread_id", "int8", threadId ? QJsonValue(*threadId) : QJsonValue(QJsonValue::Null))
        .add("is_system_message", "bool", isSystem)
        .add("is_anchor", "bool", isAnchor)
        .time("created_at", createdAt)
        .take();
}

} // namespace watchium::server
