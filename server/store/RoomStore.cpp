#include "store/RoomStore.h"

#include <QSqlQuery>
#include <QSqlRecord>

namespace watchium::server {

namespace {

// Statements that splice these in are built once, in function statics: the statement cache is
// keyed by their text, which would otherwise be formatted again on every call.
const QString kColumns =
    QStringLiteral("r.room_id, r.title, r.anime_id, r.anime_title, r.episode_number, r.video_url, "
                   "r.host_user_id, r.host_username, r.is_public, r.access_key, r.is_playing, "
                   "r.current_playback_time, r.playback_rate, r.state_server_time, r.state_seq, "
                   "r.created_at, r.updated_at, r.last_activity_at, r.video_duration, "
                   "r.group_wait, r.media_name, r.media_size, r.media_duration");

RoomRecord fromQuery(const QSqlQuery &q)
{
    RoomRecord r;
    r.roomId = q.value(0).toString();
    r.title = q.value(1).toString();
    r.animeId = q.value(2).toString();
    r.animeTitle = q.value(3).toString();
    r.episode = q.value(4).toLongLong();
    r.videoUrl = q.value(5).toString();
    r.hostUserId = q.value(6).toString();
    r.hostUsername = q.value(7).toString();
    r.isPublic = q.value(8).toBool();
    r.accessKey = q.value(9).toString();
    r.state.playing = q.value(10).toBool();
    r.state.position = q.value(11).toDouble();
    r.state.rate = q.value(12).toDouble();
    r.state.serverTimeMs = q.value(13).toLongLong();
    r.state.seq = q.value(14).toLongLong();
    r.createdAt = q.value(15).toLongLong();
    r.updatedAt = q.value(16).toLongLong();
    r.lastActivityAt = q.value(17).toLongLong();
    r.state.duration = q.value(18).toDouble();
    r.groupWait = q.value(19).toBool();
    r.media.name = q.value(20).toString();
    r.media.size = q.value(21).isNull() ? -1 : q.value(21).toLongLong();
    r.media.duration = q.value(22).toDouble();
    return r;
}

} // namespace

RoomStore::RoomStore(Database *db)
    : m_db(db)
{
}

bool RoomStore::insert(const RoomRecord &r)
{
    Statement q = m_db->statement(QStringLiteral(
        "INSERT INTO rooms (room_id, title, anime_id, anime_title, episode_number, video_url, "
        "host_user_id, host_username, is_public, access_key, is_playing, "
        "current_playback_time, playback_rate, state_server_time, state_seq, created_at, "
        "updated_at, last_activity_at, video_duration, group_wait, media_name, media_size, "
        "media_duration) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.bind({r.roomId,
            r.title,
            r.animeId,
            r.animeTitle,
            r.episode,
            r.videoUrl,
            r.hostUserId,
            r.hostUsername,
            r.isPublic,
            r.accessKey.isEmpty() ? QVariant() : QVariant(r.accessKey),
            r.state.playing,
            r.state.position,
            r.state.rate,
            r.state.serverTimeMs,
            r.state.seq,
            r.createdAt,
            r.updatedAt,
            r.lastActivityAt,
            r.state.duration,
            r.groupWait,
            r.media.name.isEmpty() ? QVariant() : QVariant(r.media.name),
            r.media.size < 0 ? QVariant() : QVariant(r.media.size),
            r.media.duration > 0 ? QVariant(r.media.duration) : QVariant()});
    return runQuery(q, "insert room");
}

std::optional<RoomRecord> RoomStore::find(const QString &roomId) const
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM rooms r WHERE r.room_id = ?").arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({roomId});
    if (!runQuery(q, "find room") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

bool RoomStore::exists(const QString &roomId) const
{
    Statement q = m_db->statement(QStringLiteral("SELECT 1 FROM rooms WHERE room_id = ?"));
    q.bind({roomId});
    return runQuery(q, "room exists") && q->next();
}

namespace {

RoomStore::Write outcome(Statement &q, const char *what)
{
    if (!runQuery(q, what))
        return RoomStore::Write::Failed;
    return q->numRowsAffected() > 0 ? RoomStore::Write::Done : RoomStore::Write::Stale;
}

} // namespace

RoomStore::Write RoomStore::updateState(const QString &roomId, const RoomState &s, qint64 now,
                                        qint64 expectedSeq)
{
    Statement q = m_db->statement(QStringLiteral(
        "UPDATE rooms SET is_playing = ?, current_playback_time = ?, playback_rate = ?, "
        "state_server_time = ?, state_seq = ?, video_duration = ?, updated_at = ?, "
        "last_activity_at = ? WHERE room_id = ? AND state_seq = ?"));
    q.bind({s.playing, s.position, s.rate, s.serverTimeMs, s.seq, s.duration, now, now, roomId,
            expectedSeq});
    return outcome(q, "update room state");
}

bool RoomStore::updateVideo(const QString &roomId, const QString &videoUrl, qint64 now)
{
    Statement q = m_db->statement(QStringLiteral(
        "UPDATE rooms SET video_url = ?, media_name = NULL, media_size = NULL, "
        "media_duration = NULL, updated_at = ?, last_activity_at = ? WHERE room_id = ?"));
    q.bind({videoUrl, now, now, roomId});
    return runQuery(q, "update room video");
}

bool RoomStore::updateGroupWait(const QString &roomId, bool enabled, qint64 now)
{
    Statement q = m_db->statement(
        QStringLiteral("UPDATE rooms SET group_wait = ?, updated_at = ? WHERE room_id = ?"));
    q.bind({enabled, now, roomId});
    return runQuery(q, "update group wait");
}

RoomStore::Write RoomStore::updateHost(const QString &roomId, const QString &userId,
                                       const QString &username, qint64 now,
                                       const QString &expectedHost)
{
    Statement q = m_db->statement(
        QStringLiteral("UPDATE rooms SET host_user_id = ?, host_username = ?, updated_at = ?, "
                       "last_activity_at = ? WHERE room_id = ? AND host_user_id = ?"));
    q.bind({userId, username, now, now, roomId, expectedHost});
    return outcome(q, "update host");
}

bool RoomStore::touch(const QString &roomId, qint64 now)
{
    Statement q =
        m_db->statement(QStringLiteral("UPDATE rooms SET last_activity_at = ? WHERE room_id = ?"));
    q.bind({now, roomId});
    return runQuery(q, "touch room");
}

bool RoomStore::remove(const QString &roomId)
{
    Statement q = m_db->statement(QStringLiteral("DELETE FROM rooms WHERE room_id = ?"));
    q.bind({roomId});
    return runQuery(q, "delete room");
}

QList<RoomStore::PublicRoom> RoomStore::listPublic(const QString &animeId, int limit, int offset,
                                                   int *total) const
{
    const QString where = animeId.isEmpty()
        ? QStringLiteral("r.is_public = TRUE")
        : QStringLiteral("r.is_public = TRUE AND r.anime_id = ?");
    // Two shapes of SQL (with and without the anime), so both are cached.
    Statement count =
        m_db->statement(QStringLiteral("SELECT COUNT(*) FROM rooms r WHERE %1").arg(where));
    if (!animeId.isEmpty())
        count.bind({animeId});
    *total = runQuery(count, "count public rooms") && count->next() ? count->value(0).toInt() : 0;

    Statement q = m_db->statement(
        QStringLiteral(
            "SELECT %1, (SELECT COUNT(*) FROM room_members m WHERE m.room_id = r.room_id), "
            "(SELECT COUNT(*) FROM room_members m WHERE m.room_id = r.room_id "
            "AND m.is_online = TRUE) "
            "FROM rooms r WHERE %2 ORDER BY r.last_activity_at DESC, r.room_id LIMIT ? OFFSET ?")
            .arg(kColumns, where));
    if (animeId.isEmpty())
        q.bind({limit, offset});
    else
        q.bind({animeId, limit, offset});
    QList<PublicRoom> rooms;
    if (!runQuery(q, "list public rooms"))
        return rooms;
    while (q->next())
        rooms.append({fromQuery(q), q->value(23).toInt(), q->value(24).toInt()});
    return rooms;
}

QStringList RoomStore::idleSince(qint64 before) const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT room_id FROM rooms WHERE last_activity_at < ?"));
    q.addBindValue(before);
    QStringList ids;
    if (runQuery(q, "idle rooms")) {
        while (q.next())
            ids << q.value(0).toString();
    }
    return ids;
}

int RoomStore::count() const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM rooms"));
    return runQuery(q, "count rooms") && q.next() ? q.value(0).toInt() : 0;
}

} // namespace watchium::server
