#include "store/Migrations.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace watchium::server {

namespace {

struct Migration
{
    int version;
    const char *name;
    QList<const char *> statements;
};

// Timestamps are milliseconds since the epoch in BIGINT columns: one type
// that both dialects compare and index the same way. The API turns them into
// ISO 8601 text for clients.
const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        {1,
         "create rooms",
         {R"(CREATE TABLE rooms (
                room_id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                anime_id TEXT NOT NULL,
                anime_title TEXT NOT NULL,
                episode_number INTEGER NOT NULL CHECK (episode_number >= 1),
                video_url TEXT NOT NULL,
                host_user_id TEXT NOT NULL,
                host_username TEXT NOT NULL,
                is_public {{BOOL}} NOT NULL,
                access_key TEXT,
                is_playing {{BOOL}} NOT NULL DEFAULT FALSE,
                current_playback_time DOUBLE PRECISION NOT NULL DEFAULT 0,
                playback_rate DOUBLE PRECISION NOT NULL DEFAULT 1,
                state_server_time BIGINT NOT NULL DEFAULT 0,
                state_seq BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                last_activity_at BIGINT NOT NULL))",
          "CREATE INDEX idx_rooms_public ON rooms (is_public, anime_id, updated_at DESC)",
          "CREATE INDEX idx_rooms_activity ON rooms (last_activity_at)"}},
        {2,
         "create room_members",
         {R"(CREATE TABLE room_members (
                id {{ID}},
                room_id TEXT NOT NULL REFERENCES rooms(room_id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                username TEXT NOT NULL,
                avatar_url TEXT,
                is_host {{BOOL}} NOT NULL DEFAULT FALSE,
                is_online {{BOOL}} NOT NULL DEFAULT FALSE,
                is_playing {{BOOL}} NOT NULL DEFAULT FALSE,
                current_playback_time DOUBLE PRECISION NOT NULL DEFAULT 0,
                is_synced {{BOOL}} NOT NULL DEFAULT TRUE,
                sync_offset_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
                joined_at BIGINT NOT NULL,
                last_heartbeat BIGINT NOT NULL,
                member_token_hash TEXT NOT NULL,
                UNIQUE (room_id, user_id)))",
          "CREATE INDEX idx_room_members_presence "
          "ON room_members (room_id, last_heartbeat DESC, is_synced)",
          "CREATE UNIQUE INDEX idx_room_members_token ON room_members (member_token_hash)"}},
        {3,
         "create comments",
         {R"(CREATE TABLE comments (
                id {{ID}},
                anime_id TEXT NOT NULL,
                episode_number INTEGER NOT NULL,
                room_id TEXT,
                user_id TEXT NOT NULL,
                username TEXT NOT NULL,
                avatar_url TEXT,
                message TEXT NOT NULL,
                video_timestamp DOUBLE PRECISION,
                parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
                thread_id BIGINT,
                is_system_message {{BOOL}} NOT NULL DEFAULT FALSE,
                is_anchor {{BOOL}} NOT NULL DEFAULT FALSE,
                idempotency_key TEXT,
                created_at BIGINT NOT NULL))",
          "CREATE INDEX idx_comments_episode ON comments (anime_id, episode_number, created_at)",
          "CREATE INDEX idx_comments_parent ON comments (parent_id, created_at)",
          "CREATE INDEX idx_comments_thread ON comments (thread_id, created_at)",
          "CREATE INDEX idx_comments_room ON comments (room_id, created_at)",
          "CREATE INDEX idx_comments_user ON comments (user_id, created_at)",
          // One persistent anchor per episode; comments outlive rooms.
          "CREATE UNIQUE INDEX idx_comments_anchor ON comments (anime_id, episode_number) "
          "WHERE is_anchor = TRUE",
          "CREATE UNIQUE INDEX idx_comments_idempotency ON comments (user_id, idempotency_key) "
          "WHERE idempotency_key IS NOT NULL"}},
        {4,
         "create sync_states",
         {R"(CREATE TABLE sync_states (
                id {{ID}},
                room_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                action TEXT NOT NULL,
                is_playing {{BOOL}} NOT NULL,
                playback_time DOUBLE PRECISION NOT NULL,
                playback_rate DOUBLE PRECISION NOT NULL,
                server_time BIGINT NOT NULL,
                created_at BIGINT NOT NULL))",
          "CREATE INDEX idx_sync_states_room ON sync_states (room_id, created_at)",
          "CREATE INDEX idx_sync_states_created ON sync_states (created_at)"}},
        {5,
         "rooms: video duration and group wait",
         {"ALTER TABLE rooms ADD COLUMN video_duration DOUBLE PRECISION NOT NULL DEFAULT 0",
          "ALTER TABLE rooms ADD COLUMN group_wait {{BOOL}} NOT NULL DEFAULT TRUE"}},
        {6,
         "comments: private rooms' comments stay private after the room",
         {"ALTER TABLE comments ADD COLUMN is_private {{BOOL}} NOT NULL DEFAULT FALSE",
          // Rooms already deleted cannot be told apart any more; those still here can.
          "UPDATE comments SET is_private = TRUE WHERE room_id IN "
          "(SELECT room_id FROM rooms WHERE is_public = FALSE)"}},
        {7,
         "rooms: the host's file in an own-files room",
         {"ALTER TABLE rooms ADD COLUMN media_name TEXT",
          "ALTER TABLE rooms ADD COLUMN media_size BIGINT",
          "ALTER TABLE rooms ADD COLUMN media_duration DOUBLE PRECISION"}},
        {8,
         "room_queue: the episodes a room plays next; rooms: auto-advance",
         {R"(CREATE TABLE room_queue (
                room_id TEXT NOT NULL REFERENCES rooms(room_id) ON DELETE CASCADE,
                entry_id BIGINT NOT NULL,
                position INTEGER NOT NULL,
                episode_number INTEGER NOT NULL CHECK (episode_number >= 1),
                title TEXT NOT NULL,
                video_url TEXT NOT NULL,
                PRIMARY KEY (room_id, entry_id)))",
          "ALTER TABLE rooms ADD COLUMN auto_advance {{BOOL}} NOT NULL DEFAULT FALSE"}},
        {9,
         "cluster_nodes, cluster_spill: server nodes sharing one PostgreSQL",
         {R"(CREATE TABLE cluster_nodes (
                node_id TEXT PRIMARY KEY,
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL,
                dead_at BIGINT))",
          R"(CREATE TABLE cluster_spill (
                id {{ID}},
                created_at BIGINT NOT NULL,
                payload TEXT NOT NULL))",
          "CREATE INDEX idx_cluster_spill_created ON cluster_spill (created_at)"}},
        {10,
         "key_guesses: wrong private-room keys, counted by every node",
         {"CREATE TABLE key_guesses (slot TEXT NOT NULL, at BIGINT NOT NULL)",
          "CREATE INDEX idx_key_guesses_slot ON key_guesses (slot, at)",
          "CREATE INDEX idx_key_guesses_at ON key_guesses (at)"}},
        {11,
         "room_members: presence writes touch no index",
         // Each presence write changed last_heartbeat, a column of this index, which no query
         // reads in its order: every write also rewrote three index entries, and on PostgreSQL
         // it could never be a heap-only (HOT) update, so one second's rows at 4,000 members
         // took 40-100 ms of the database's CPU. The cleanup's scan of offline members gets an
         // index on the flag, which flips only on a join or a leave.
         {"DROP INDEX idx_room_members_presence",
          "CREATE INDEX idx_room_members_offline ON room_members (is_online) "
          "WHERE is_online = FALSE",
          // Room on each page for a row's new version, so the update stays on the page (HOT).
          "{{PG}}ALTER TABLE room_members SET (fillfactor = 70)"}},
    };
    return list;
}

// Any number, the same in every build: the advisory lock that serialises migrations.
constexpr qint64 kMigrationLock = 0x57415443;

QString render(const char *sql, SqlDialect dialect)
{
    QString s = QString::fromUtf8(sql);
    const bool pg = dialect == SqlDialect::Postgres;
    // A PostgreSQL-only step (a storage parameter SQLite has no notion of) renders empty there.
    constexpr QLatin1StringView pgOnly("{{PG}}");
    if (s.startsWith(pgOnly))
        return pg ? s.mid(pgOnly.size()) : QString();
    s.replace(QLatin1String("{{ID}}"),
              pg ? QLatin1String("BIGSERIAL PRIMARY KEY")
                 : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
    s.replace(QLatin1String("{{BOOL}}"), pg ? QLatin1String("BOOLEAN") : QLatin1String("INTEGER"));
    return s;
}

int currentVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && q.next())
        return q.value(0).toInt();
    return 0;
}

} // namespace

int Migrations::latestVersion()
{
    return migrations().constLast().version;
}

bool Migrations::apply(QSqlDatabase &db, SqlDialect dialect, QString *error)
{
    QSqlQuery q(db);
    // Nodes of one community may start together on a new database: one migrates, the others
    // wait for it and then find nothing left to do. The lock goes with the connection's session.
    if (dialect == SqlDialect::Postgres
        && !q.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLock))) {
        *error =
            QStringLiteral("cannot lock the schema for migration: %1").arg(q.lastError().text());
        return false;
    }
    const bool ok = applyLocked(db, dialect, error);
    if (dialect == SqlDialect::Postgres)
        q.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLock));
    return ok;
}

bool Migrations::applyLocked(QSqlDatabase &db, SqlDialect dialect, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                               "applied_at BIGINT NOT NULL)"))) {
        *error = QStringLiteral("cannot create schema_migrations: %1").arg(q.lastError().text());
        return false;
    }
    const int current = currentVersion(db);
    if (current > latestVersion()) {
        *error = QStringLiteral("the store has schema version %1, newer than this build (%2)")
                     .arg(current)
                     .arg(latestVersion());
        return false;
    }
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        for (const char *statement : m.statements) {
            const QString sql = render(statement, dialect);
            if (sql.isEmpty())
                continue;
            QSqlQuery step(db);
            if (!step.exec(sql)) {
                *error = QStringLiteral("migration %1 (%2) failed: %3")
                             .arg(m.version)
                             .arg(QLatin1String(m.name), step.lastError().text());
                db.rollback();
                return false;
            }
        }
        QSqlQuery record(db);
        record.prepare(QStringLiteral(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
        record.addBindValue(m.version);
        record.addBindValue(QString::fromLatin1(m.name));
        record.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!record.exec() || !db.commit()) {
            *error = record.lastError().text();
            db.rollback();
            return false;
        }
    }
    return true;
}

} // namespace watchium::server
