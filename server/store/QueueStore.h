#pragma once

#include "domain/RoomQueue.h"
#include "store/Database.h"

namespace watchium::server {

// The `room_queue` table, and the queue's columns of `rooms` (auto_advance, and the episode an
// advance moves the room to), so that taking the next entry and moving the room to it is one
// transaction.
class QueueStore
{
public:
    explicit QueueStore(Database *db);

    // The room's queue in order, with its auto-advance switch; empty when the store fails.
    std::optional<RoomQueue> load(const QString &roomId) const;
    // Makes `entries` the room's whole queue (at most RoomQueue::kMaxEntries rows).
    bool replace(const QString &roomId, const QList<QueueEntry> &entries);
    bool setAutoAdvance(const QString &roomId, bool enabled, qint64 now);
    // The room plays `episode` from `videoUrl` now and `remaining` is what is left to play.
    bool advance(const QString &roomId, const QList<QueueEntry> &remaining, qint64 episode,
                 const QString &videoUrl, qint64 now);

private:
    bool writeEntries(const QString &roomId, const QList<QueueEntry> &entries);

    Database *m_db;
};

} // namespace watchium::server
