#pragma once

#include "store/Statement.h"

#include <QString>

#include <memory>
#include <unordered_map>

namespace watchium::server {

// Prepared queries of one connection, keyed by their SQL text, so the hot
// store calls skip the SQL parser (a tenth of the server's CPU under load
// when every call prepared afresh). Keys must be SQL whose shape is fixed in
// the code, never SQL with values formatted in: nothing is ever evicted.
class StatementCache
{
public:
    StatementCache() = default;
    ~StatementCache();
    Q_DISABLE_COPY_MOVE(StatementCache)

    // The cached query for `sql` on the connection named `connectionName`,
    // prepared on first use. While that query is borrowed, a second borrow
    // (a store call nested in another's use of the same SQL) gets a query of
    // its own rather than one whose rows are still being read.
    Statement acquire(const QString &connectionName, const QString &sql);
    // Drops every query; none may be borrowed. Call before the connection closes.
    void clear();
    // Whether a query is borrowed now (a Statement of it is alive).
    bool borrowed() const;

    qsizetype size() const { return qsizetype(m_entries.size()); }
    // How many times the cache had SQL parsed: once per SQL text, plus once
    // per nested borrow or failed prepare.
    qint64 prepareCount() const { return m_prepareCount; }

private:
    struct Entry
    {
        std::unique_ptr<QSqlQuery> query;
        bool inUse = false;
    };

    // Node-based, so a borrowed entry stays put while others are added.
    std::unordered_map<QString, Entry> m_entries;
    qint64 m_prepareCount = 0;
};

} // namespace watchium::server
