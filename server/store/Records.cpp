#include "store/Records.h"

#include <QDateTime>

namespace watchium::server {

namespace {

// Builds a row's record and, for the first row of a table only, its column list: the columns
// never change, so every later row shares that one list instead of building 20 small objects.
class RowBuilder
{
public:
    // `columns`: the table's columns, shared; null to collect them.
    explicit RowBuilder(const QJsonArray *columns)
        : m_columns(columns)
    {
    }
    RowBuilder &add(const char *name, const char *type, const QJsonValue &value)
    {
        m_row.record.insert(QLatin1StringView(name), value);
        if (!m_columns) {
            m_row.columns.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(name)},
                                              {QStringLiteral("type"), QString::fromLatin1(type)}});
        }
        return *this;
    }
    RowBuilder &text(const char *name, const QString &value, bool nullWhenEmpty = false)
    {
        return add(name, "text",
                   nullWhenEmpty && value.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue(value));
    }
    RowBuilder &time(const char *name, qint64 ms) { return add(name, "timestamptz", isoTime(ms)); }
    TableRow take()
    {
        if (m_columns)
            m_row.columns = *m_columns;
        return std::move(m_row);
    }

private:
    const QJsonArray *m_columns;
    TableRow m_row;
};

// A table's rows: `fill` adds a record's fields, always the same columns in the same order.
template<typename Record, typename Fill>
TableRow tableRow(const Record &record, const QJsonArray &columns, Fill fill)
{
    RowBuilder builder(&columns);
    fill(builder, record);
    return builder.take();
}

template<typename Record, typename Fill> QJsonArray columnsOf(Fill fill)
{
    RowBuilder builder(nullptr);
    fill(builder, Record());
    return builder.take().columns;
}

void fillRoom(RowBuilder &b, const RoomRecord &r, bool withAccessKey)
{
    b.text("room_id", r.roomId)
        .text("title", r.title)
        .text("anime_id", r.animeId)
        .text("anime_title", r.animeTitle)
        .add("episode_number", "int4", r.episode)
        .text("video_url", r.videoUrl)
        .text("host_user_id", r.hostUserId)
        .text("host_username", r.hostUsername)
        .add("is_public", "bool", r.isPublic)
        .add("is_playing", "bool", r.state.playing)
        .add("current_playback_time", "float8", r.state.position)
        // Some seed snippets read `current_time`; it mirrors the column.
        .add("current_time", "float8", r.state.position)
        .add("playback_rate", "float8", r.state.rate)
        .add("state_server_time", "int8", r.state.serverTimeMs)
        .add("state_seq", "int8", r.state.seq)
        .add("video_duration", "float8", r.state.duration)
        .add("group_wait", "bool", r.groupWait)
        .text("media_name", r.media.name, true)
        .add("media_size", "int8", r.media.size >= 0 ? QJsonValue(r.media.size) : QJsonValue())
        .add("media_duration", "float8",
             r.media.duration > 0 ? QJsonValue(r.media.duration) : QJsonValue())
        .time("created_at", r.createdAt)
        .time("updated_at", r.updatedAt)
        .time("last_activity_at", r.lastActivityAt);
    if (withAccessKey)
        b.text("access_key", r.accessKey, true);
}

void fillMember(RowBuilder &b, const MemberRecord &m)
{
    b.add("id", "int8", m.id)
        .text("room_id", m.roomId)
        .text("user_id", m.userId)
        .text("username", m.username)
        .text("avatar_url", m.avatarUrl, true)
        .add("is_host", "bool", m.isHost)
        .add("is_online", "bool", m.isOnline)
        .add("is_playing", "bool", m.isPlaying)
        .add("current_playback_time", "float8", m.position)
        .add("is_synced", "bool", m.isSynced)
        .add("sync_offset_ms", "float8", m.syncOffsetMs)
        .text("player_state", playerStatusName(m.playerStatus))
        .text("player_error", m.playerError, true)
        .time("joined_at", m.joinedAt)
        .time("last_heartbeat", m.lastHeartbeat);
}

void fillComment(RowBuilder &b, const CommentRecord &c)
{
    b.add("id", "int8", c.id)
        .text("anime_id", c.animeId)
        .add("episode_number", "int4", c.episode)
        .text("room_id", c.roomId, true)
        .text("user_id", c.userId)
        .text("username", c.username)
        .text("avatar_url", c.avatarUrl, true)
        .text("message", c.message)
        .add("video_timestamp", "float8",
             c.videoTimestamp ? QJsonValue(*c.videoTimestamp) : QJsonValue(QJsonValue::Null))
        .add("parent_id", "int8",
             c.parentId ? QJsonValue(*c.parentId) : QJsonValue(QJsonValue::Null))
        .add("thread_id", "int8",
             c.threadId ? QJsonValue(*c.threadId) : QJsonValue(QJsonValue::Null))
        .add("is_system_message", "bool", c.isSystem)
        .add("is_anchor", "bool", c.isAnchor)
        .time("created_at", c.createdAt);
}

} // namespace

QString isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

TableRow RoomRecord::toRow(bool withAccessKey) const
{
    static const QJsonArray columns[] = {
        columnsOf<RoomRecord>([](RowBuilder &b, const RoomRecord &r) { fillRoom(b, r, false); }),
        columnsOf<RoomRecord>([](RowBuilder &b, const RoomRecord &r) { fillRoom(b, r, true); })};
    return tableRow(
        *this, columns[withAccessKey ? 1 : 0],
        [withAccessKey](RowBuilder &b, const RoomRecord &r) { fillRoom(b, r, withAccessKey); });
}

TableRow MemberRecord::toRow() const
{
    static const QJsonArray columns = columnsOf<MemberRecord>(fillMember);
    return tableRow(*this, columns, fillMember);
}

TableRow CommentRecord::toRow() const
{
    static const QJsonArray columns = columnsOf<CommentRecord>(fillComment);
    return tableRow(*this, columns, fillComment);
}

} // namespace watchium::server
