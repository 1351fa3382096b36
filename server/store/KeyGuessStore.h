#pragma once

#include "store/Database.h"

#include <QStringList>

#include <optional>

namespace watchium::server {

// The `key_guesses` table: wrong private-room access keys, one row per guess and slot (an
// address, a room). Kept in the store rather than in memory so that every node on one
// PostgreSQL counts the same guesses: spreading them over nodes buys a guesser nothing, and a
// restart does not forgive them.
class KeyGuessStore
{
public:
    explicit KeyGuessStore(Database *db);

    // Inside a Transaction: holds `slots` until it ends, so two nodes that check the same slot
    // take turns and never both let the last allowed guess through (PostgreSQL advisory locks;
    // SQLite has one writer). False when the database refused.
    bool lock(QStringList slots);
    // Sets `at` to the time of the `n`-th newest guess on `slot` (n ≥ 1) made after `since`, the
    // guess whose leaving the window frees a place; empty when there are fewer than `n`. False
    // when the database refused.
    bool nthNewestSince(const QString &slot, qint64 since, int n, std::optional<qint64> *at);
    bool record(const QString &slot, qint64 at);
    int deleteOlderThan(qint64 before);

private:
    Database *m_db;
};

} // namespace watchium::server
