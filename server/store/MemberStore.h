#pragma once

#include "store/Database.h"
#include "store/Records.h"

#include <QList>

#include <optional>

namespace watchium::server {

// The `room_members` table.
class MemberStore
{
public:
    explicit MemberStore(Database *db);

    // Inserts the member, or refreshes name, avatar and token of an existing one.
    std::optional<MemberRecord> upsert(const MemberRecord &member);
    std::optional<MemberRecord> find(const QString &roomId, const QString &userId) const;
    std::optional<MemberRecord> findByTokenHash(const QString &tokenHash) const;
    // Longest-present first (the order host transfer follows).
    QList<MemberRecord> list(const QString &roomId) const;
    bool remove(const QString &roomId, const QString &userId);
    bool setHost(const QString &roomId, const QString &userId, bool isHost);
    bool updateProfile(const QString &roomId, const QString &userId, const QString &username,
                       const QString &avatarUrl);
    // Writes presence-derived fields of many members. SQLite: in one transaction, in row order.
    // PostgreSQL: in one statement, rows found by id, that takes no row another transaction
    // holds; those go to `skipped` (when given) for the caller to write again, and a member whose
    // row is gone is there too.
    bool updatePresence(QList<MemberRecord> members, QList<MemberRecord> *skipped = nullptr);
    bool markAllOffline();
    // Members offline since before `before`, across rooms: (room_id, user_id).
    QList<QPair<QString, QString>> staleSince(qint64 before) const;
    int count() const;

private:
    bool updatePresenceInOneGo(const QList<MemberRecord> &members, QList<MemberRecord> *skipped);

    Database *m_db;
};

} // namespace watchium::server
