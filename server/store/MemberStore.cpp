#include "store/MemberStore.h"

#include "store/Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <tuple>

namespace watchium::server {

namespace {

// Statements that splice these in are built once, in function statics: the statement cache is
// keyed by their text, which would otherwise be formatted again on every call.
const QString kColumns =
    QStringLiteral("id, room_id, user_id, username, avatar_url, is_host, is_online, is_playing, "
                   "current_playback_time, is_synced, sync_offset_ms, joined_at, last_heartbeat, "
                   "member_token_hash");

MemberRecord fromQuery(const QSqlQuery &q)
{
    MemberRecord m;
    m.id = q.value(0).toLongLong();
    m.roomId = q.value(1).toString();
    m.userId = q.value(2).toString();
    m.username = q.value(3).toString();
    m.avatarUrl = q.value(4).toString();
    m.isHost = q.value(5).toBool();
    m.isOnline = q.value(6).toBool();
    m.isPlaying = q.value(7).toBool();
    m.position = q.value(8).toDouble();
    m.isSynced = q.value(9).toBool();
    m.syncOffsetMs = q.value(10).toDouble();
    m.joinedAt = q.value(11).toLongLong();
    m.lastHeartbeat = q.value(12).toLongLong();
    m.tokenHash = q.value(13).toString();
    return m;
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace

MemberStore::MemberStore(Database *db)
    : m_db(db)
{
}

std::optional<MemberRecord> MemberStore::upsert(const MemberRecord &m)
{
    Statement q = m_db->statement(
        QStringLiteral("INSERT INTO room_members (room_id, user_id, username, avatar_url, is_host, "
                       "is_online, joined_at, last_heartbeat, member_token_hash) "
                       "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (room_id, user_id) DO UPDATE SET "
                       "username = excluded.username, avatar_url = excluded.avatar_url, "
                       "member_token_hash = excluded.member_token_hash, "
                       "last_heartbeat = excluded.last_heartbeat"));
    q.bind({m.roomId, m.userId, m.username, nullIfEmpty(m.avatarUrl), m.isHost, m.isOnline,
            m.joinedAt, m.lastHeartbeat, m.tokenHash});
    if (!runQuery(q, "upsert member"))
        return std::nullopt;
    return find(m.roomId, m.userId);
}

std::optional<MemberRecord> MemberStore::find(const QString &roomId, const QString &userId) const
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM room_members WHERE room_id = ? AND user_id = ?")
            .arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({roomId, userId});
    if (!runQuery(q, "find member") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

std::optional<MemberRecord> MemberStore::findByTokenHash(const QString &tokenHash) const
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM room_members WHERE member_token_hash = ?").arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({tokenHash});
    if (!runQuery(q, "find member by token") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

QList<MemberRecord> MemberStore::list(const QString &roomId) const
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM room_members WHERE room_id = ? ORDER BY joined_at, id")
            .arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({roomId});
    QList<MemberRecord> members;
    if (runQuery(q, "list members")) {
        while (q->next())
            members.append(fromQuery(q));
    }
    return members;
}

bool MemberStore::remove(const QString &roomId, const QString &userId)
{
    Statement q = m_db->statement(
        QStringLiteral("DELETE FROM room_members WHERE room_id = ? AND user_id = ?"));
    q.bind({roomId, userId});
    return runQuery(q, "remove member") && q->numRowsAffected() > 0;
}

bool MemberStore::setHost(const QString &roomId, const QString &userId, bool isHost)
{
    Statement q = m_db->statement(
        QStringLiteral("UPDATE room_members SET is_host = ? WHERE room_id = ? AND user_id = ?"));
    q.bind({isHost, roomId, userId});
    return runQuery(q, "set host");
}

bool MemberStore::updateProfile(const QString &roomId, const QString &userId,
                                const QString &username, const QString &avatarUrl)
{
    Statement q =
        m_db->statement(QStringLiteral("UPDATE room_members SET username = ?, "
                                       "avatar_url = ? WHERE room_id = ? AND user_id = ?"));
    q.bind({username, nullIfEmpty(avatarUrl), roomId, userId});
    return runQuery(q, "update member profile");
}

bool MemberStore::updatePresence(QList<MemberRecord> members, QList<MemberRecord> *skipped)
{
    if (members.isEmpty())
        return true;
    if (m_db->dialect() == SqlDialect::Postgres)
        return updatePresenceInOneGo(members, skipped);
    // One writer, no row locks: the table's order, so the rows' pages are visited in turn
    // (control p99 at 8,000 members ~40 ms in this order, ~50 ms in (room, user) order).
    std::sort(members.begin(), members.end(),
              [](const MemberRecord &a, const MemberRecord &b) { return a.id < b.id; });
    Transaction work(m_db);
    if (!work.isOpen())
        return false;
    Statement q = m_db->statement(QStringLiteral(
        "UPDATE room_members SET is_online = ?, is_playing = ?, current_playback_time = ?, "
        "is_synced = ?, sync_offset_ms = ?, last_heartbeat = ? WHERE room_id = ? AND user_id = ?"));
    for (const MemberRecord &m : members) {
        q.bind({m.isOnline, m.isPlaying, m.position, m.isSynced, m.syncOffsetMs, m.lastHeartbeat,
                m.roomId, m.userId});
        if (!runQuery(q, "update presence"))
            return false;
    }
    return work.commit();
}

bool MemberStore::updatePresenceInOneGo(const QList<MemberRecord> &members,
                                        QList<MemberRecord> *skipped)
{
    // Every statement is a round trip to the server, and a second's presence at 4,000 members
    // was ~1,300 of them (p99 of every control ~250 ms on one node): the rows travel as one JSON
    // parameter of one statement instead.
    QJsonArray rows;
    for (const MemberRecord &m : members) {
        rows.append(QJsonObject {{QStringLiteral("i"), m.id},
                                 {QStringLiteral("o"), m.isOnline},
                                 {QStringLiteral("p"), m.isPlaying},
                                 {QStringLiteral("t"), m.position},
                                 {QStringLiteral("s"), m.isSynced},
                                 {QStringLiteral("d"), m.syncOffsetMs},
                                 {QStringLiteral("h"), m.lastHeartbeat}});
    }
    // It never waits for a row lock: a row another transaction holds (another node's batch, a
    // host change) is skipped and reported, for the caller to write again. Waiting instead, in
    // whatever order the plan visits the rows, deadlocked two nodes' batches (PostgreSQL broke
    // each cycle after its 1 s deadlock_timeout, stalling both nodes and losing a batch). Rows
    // are found by id: a state written late for a member who left and joined again must not land
    // on the new membership's row.
    Statement q = m_db->statement(QStringLiteral(
        "WITH v AS (SELECT * FROM json_to_recordset(?::json) AS v(i bigint, o boolean, "
        "p boolean, t double precision, s boolean, d double precision, h bigint)), "
        "locked AS (SELECT v.* FROM room_members m JOIN v ON m.id = v.i "
        "FOR UPDATE OF m SKIP LOCKED) "
        "UPDATE room_members m SET is_online = l.o, is_playing = l.p, current_playback_time = l.t, "
        "is_synced = l.s, sync_offset_ms = l.d, last_heartbeat = l.h FROM locked l "
        "WHERE m.id = l.i RETURNING m.id"));
    q.bind({QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact))});
    if (!runQuery(q, "update presence"))
        return false;
    QSet<qint64> written;
    while (q->next())
        written.insert(q->value(0).toLongLong());
    if (skipped) {
        for (const MemberRecord &m : members) {
            if (!written.contains(m.id))
                skipped->append(m);
        }
    }
    return true;
}

bool MemberStore::markAllOffline()
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("UPDATE room_members SET is_online = FALSE WHERE is_online = TRUE"));
    return runQuery(q, "mark members offline");
}

QList<QPair<QString, QString>> MemberStore::staleSince(qint64 before) const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT room_id, user_id FROM room_members "
                             "WHERE is_online = FALSE AND last_heartbeat < ?"));
    q.addBindValue(before);
    QList<QPair<QString, QString>> stale;
    if (runQuery(q, "stale members")) {
        while (q.next())
            stale.append({q.value(0).toString(), q.value(1).toString()});
    }
    return stale;
}

int MemberStore::count() const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM room_members"));
    return runQuery(q, "count members") && q.next() ? q.value(0).toInt() : 0;
}

} // namespace watchium::server
