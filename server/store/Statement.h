#pragma once

#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <memory>

namespace watchium::server {

// One use of a prepared query borrowed from the store's StatementCache. It
// finish()es the query when it goes: on SQLite a SELECT read only part way
// keeps its read snapshot open, and an open snapshot stalls WAL checkpoints.
// Converts to QSqlQuery & so runQuery() and the row readers take it as is.
class Statement
{
public:
    ~Statement();
    Q_DISABLE_COPY_MOVE(Statement)

    // Binds `values` to the placeholders in order. By index rather than
    // addBindValue(): addBindValue() appends after the values of a use that
    // bound but never ran exec(), which a reused query would then carry.
    Statement &bind(std::initializer_list<QVariant> values);

    QSqlQuery *operator->() { return m_query; }
    operator QSqlQuery &() { return *m_query; }

private:
    friend class StatementCache;
    // Borrowed from the cache, which owns the query; `inUse` is its flag.
    Statement(QSqlQuery *query, bool *inUse);
    // Owned for this use only (the cached one is busy, or did not prepare).
    explicit Statement(std::unique_ptr<QSqlQuery> query);

    std::unique_ptr<QSqlQuery> m_owned;
    QSqlQuery *m_query;
    bool *m_inUse = nullptr;
};

} // namespace watchium::server
