#include "store/QueueStore.h"

#include "store/Transaction.h"

#include <QSqlQuery>

namespace watchium::server {

namespace {

// Own files and an untitled entry are empty text, which the driver binds as NULL when the
// QString is null.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

} // namespace

QueueStore::QueueStore(Database *db)
    : m_db(db)
{
}

std::optional<RoomQueue> QueueStore::load(const QString &roomId) const
{
    RoomQueue queue;
    Statement room =
        m_db->statement(QStringLiteral("SELECT auto_advance FROM rooms WHERE room_id = ?"));
    room.bind({roomId});
    if (!runQuery(room, "load auto-advance"))
        return std::nullopt;
    if (room->next())
        queue.autoAdvance = room->value(0).toBool();
    Statement q = m_db->statement(
        QStringLiteral("SELECT entry_id, episode_number, title, video_url FROM room_queue "
                       "WHERE room_id = ? ORDER BY position"));
    q.bind({roomId});
    if (!runQuery(q, "load queue"))
        return std::nullopt;
    while (q->next())
        queue.entries.append({q->value(0).toLongLong(), q->value(1).toLongLong(),
                              q->value(2).toString(), q->value(3).toString()});
    return queue;
}

bool QueueStore::writeEntries(const QString &roomId, const QList<QueueEntry> &entries)
{
    Statement clear = m_db->statement(QStringLiteral("DELETE FROM room_queue WHERE room_id = ?"));
    clear.bind({roomId});
    if (!runQuery(clear, "clear queue"))
        return false;
    Statement insert = m_db->statement(
        QStringLiteral("INSERT INTO room_queue (room_id, entry_id, position, episode_number, "
                       "title, video_url) VALUES (?,?,?,?,?,?)"));
    for (int i = 0; i < entries.size(); ++i) {
        const QueueEntry &e = entries.at(i);
        insert.bind({roomId, e.id, i, e.episode, text(e.title), text(e.videoUrl)});
        if (!runQuery(insert, "insert queue entry"))
            return false;
    }
    return true;
}

bool QueueStore::replace(const QString &roomId, const QList<QueueEntry> &entries)
{
    Transaction work(m_db);
    if (!work.isOpen() || !writeEntries(roomId, entries))
        return false;
    return work.commit();
}

bool QueueStore::setAutoAdvance(const QString &roomId, bool enabled, qint64 now)
{
    Statement q = m_db->statement(
        QStringLiteral("UPDATE rooms SET auto_advance = ?, updated_at = ? WHERE room_id = ?"));
    q.bind({enabled, now, roomId});
    return runQuery(q, "update auto-advance");
}

bool QueueStore::advance(const QString &roomId, const QList<QueueEntry> &remaining, qint64 episode,
                         const QString &videoUrl, qint64 now)
{
    Transaction work(m_db);
    if (!work.isOpen())
        return false;
    Statement room = m_db->statement(
        QStringLiteral("UPDATE rooms SET episode_number = ?, video_url = ?, media_name = NULL, "
                       "media_size = NULL, media_duration = NULL, updated_at = ?, "
                       "last_activity_at = ? WHERE room_id = ?"));
    room.bind({episode, text(videoUrl), now, now, roomId});
    if (!runQuery(room, "advance room") || !writeEntries(roomId, remaining))
        return false;
    return work.commit();
}

} // namespace watchium::server
