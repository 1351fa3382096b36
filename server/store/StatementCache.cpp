#include "store/StatementCache.h"

#include "Logging.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>

#include <algorithm>

namespace watchium::server {

StatementCache::~StatementCache()
{
    clear();
}

Statement StatementCache::acquire(const QString &connectionName, const QString &sql)
{
    const auto it = m_entries.find(sql);
    if (it != m_entries.end() && !it->second.inUse)
        return Statement(it->second.query.get(), &it->second.inUse);

    auto query = std::make_unique<QSqlQuery>(QSqlDatabase::database(connectionName, false));
    ++m_prepareCount;
    if (!query->prepare(sql)) {
        // Left out of the cache so that a later call prepares again (on
        // PostgreSQL, say, once a failed transaction is rolled back).
        qCWarning(lcStore) << "prepare failed:" << query->lastError().text() << "for" << sql;
        return Statement(std::move(query));
    }
    if (it != m_entries.end())
        return Statement(std::move(query));
    Entry &entry = m_entries[sql];
    entry.query = std::move(query);
    return Statement(entry.query.get(), &entry.inUse);
}

bool StatementCache::borrowed() const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [](const auto &item) { return item.second.inUse; });
}

void StatementCache::clear()
{
    Q_ASSERT_X(std::none_of(m_entries.cbegin(), m_entries.cend(),
                            [](const auto &item) { return item.second.inUse; }),
               "StatementCache::clear", "a Statement outlives its connection");
    m_entries.clear();
}

} // namespace watchium::server
