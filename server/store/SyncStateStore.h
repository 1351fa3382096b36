#pragma once

#include "domain/RoomState.h"
#include "store/Database.h"

namespace watchium::server {

// The `sync_states` table: the history of host controls, for analytics.
class SyncStateStore
{
public:
    explicit SyncStateStore(Database *db);

    bool insert(const QString &roomId, const QString &userId, const QString &action,
                const RoomState &state, qint64 now);
    int deleteOlderThan(qint64 before);
    int count(const QString &roomId = {}) const;

private:
    Database *m_db;
};

} // namespace watchium::server
