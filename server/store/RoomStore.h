#pragma once

#include "store/Database.h"
#include "store/Records.h"

#include <QList>

#include <optional>

namespace watchium::server {

// The `rooms` table.
class RoomStore
{
public:
    explicit RoomStore(Database *db);

    bool insert(const RoomRecord &room);
    std::optional<RoomRecord> find(const QString &roomId) const;
    bool exists(const QString &roomId) const;
    // A write that another server node may have raced: Stale when the row no longer holds
    // what the caller's decision was based on (another node changed it first).
    enum class Write { Done, Stale, Failed };
    // Only over the state numbered `expectedSeq`.
    Write updateState(const QString &roomId, const RoomState &state, qint64 now,
                      qint64 expectedSeq);
    bool updateVideo(const QString &roomId, const QString &videoUrl, qint64 now);
    bool updateGroupWait(const QString &roomId, bool enabled, qint64 now);
    // Only while `expectedHost` holds the role.
    Write updateHost(const QString &roomId, const QString &userId, const QString &username,
                     qint64 now, const QString &expectedHost);
    bool touch(const QString &roomId, qint64 now);
    bool remove(const QString &roomId);

    struct PublicRoom
    {
        RoomRecord room;
        int memberCount = 0;
        int onlineCount = 0;
    };
    // Newest activity first; never lists private rooms.
    QList<PublicRoom> listPublic(const QString &animeId, int limit, int offset, int *total) const;
    QStringList idleSince(qint64 before) const;
    int count() const;

private:
    Database *m_db;
};

} // namespace watchium::server
