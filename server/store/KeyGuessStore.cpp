#include "store/KeyGuessStore.h"

#include <algorithm>

namespace watchium::server {

KeyGuessStore::KeyGuessStore(Database *db)
    : m_db(db)
{
}

bool KeyGuessStore::lock(QStringList slots)
{
    if (m_db->dialect() != SqlDialect::Postgres)
        return true;
    // One order for everyone, so two nodes locking the same two slots cannot deadlock.
    std::sort(slots.begin(), slots.end());
    for (const QString &slot : slots) {
        // Two-key locks (19271 for key guesses, the slot's hash) never collide with the
        // one-key lock that serialises migrations.
        Statement q =
            m_db->statement(QStringLiteral("SELECT pg_advisory_xact_lock(19271, hashtext(?))"));
        q.bind({slot});
        if (!runQuery(q, "lock a key-guess slot"))
            return false;
    }
    return true;
}

bool KeyGuessStore::nthNewestSince(const QString &slot, qint64 since, int n,
                                   std::optional<qint64> *at)
{
    Statement q =
        m_db->statement(QStringLiteral("SELECT at FROM key_guesses WHERE slot = ? AND at > ? "
                                       "ORDER BY at DESC LIMIT 1 OFFSET ?"));
    q.bind({slot, since, std::max(0, n - 1)});
    if (!runQuery(q, "count key guesses"))
        return false;
    *at = q->next() ? std::optional<qint64>(q->value(0).toLongLong()) : std::nullopt;
    return true;
}

bool KeyGuessStore::record(const QString &slot, qint64 at)
{
    Statement q =
        m_db->statement(QStringLiteral("INSERT INTO key_guesses (slot, at) VALUES (?, ?)"));
    q.bind({slot, at});
    return runQuery(q, "record a key guess");
}

int KeyGuessStore::deleteOlderThan(qint64 before)
{
    Statement q = m_db->statement(QStringLiteral("DELETE FROM key_guesses WHERE at < ?"));
    q.bind({before});
    return runQuery(q, "delete old key guesses") ? q->numRowsAffected() : 0;
}

} // namespace watchium::server
