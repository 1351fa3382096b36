#include "store/SyncStateStore.h"

namespace watchium::server {

SyncStateStore::SyncStateStore(Database *db)
    : m_db(db)
{
}

bool SyncStateStore::insert(const QString &roomId, const QString &userId, const QString &action,
                            const RoomState &state, qint64 now)
{
    Statement q = m_db->statement(QStringLiteral(
        "INSERT INTO sync_states (room_id, user_id, action, is_playing, playback_time, "
        "playback_rate, server_time, created_at) VALUES (?,?,?,?,?,?,?,?)"));
    q.bind({roomId, userId, action, state.playing, state.position, state.rate, state.serverTimeMs,
            now});
    return runQuery(q, "insert sync state");
}

int SyncStateStore::deleteOlderThan(qint64 before)
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("DELETE FROM sync_states WHERE created_at < ?"));
    q.addBindValue(before);
    return runQuery(q, "delete old sync states") ? q.numRowsAffected() : 0;
}

int SyncStateStore::count(const QString &roomId) const
{
    QSqlQuery q(m_db->connection());
    if (roomId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_states"));
    } else {
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_states WHERE room_id = ?"));
        q.addBindValue(roomId);
    }
    return runQuery(q, "count sync states") && q.next() ? q.value(0).toInt() : 0;
}

} // namespace watchium::server
