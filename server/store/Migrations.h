#pragma once

#include "store/Database.h"

namespace watchium::server {

// Versioned schema changes, applied in order at start, each in its own
// transaction and recorded in `schema_migrations`. The SQL is written once
// with placeholders for the few types the two dialects spell differently.
class Migrations
{
public:
    static bool apply(QSqlDatabase &db, SqlDialect dialect, QString *error);
    static int latestVersion();

private:
    static bool applyLocked(QSqlDatabase &db, SqlDialect dialect, QString *error);
};

} // namespace watchium::server
