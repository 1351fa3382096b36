#include "store/Statement.h"

namespace watchium::server {

Statement::Statement(QSqlQuery *query, bool *inUse)
    : m_query(query)
    , m_inUse(inUse)
{
    *m_inUse = true;
}

Statement::Statement(std::unique_ptr<QSqlQuery> query)
    : m_owned(std::move(query))
    , m_query(m_owned.get())
{
}

Statement::~Statement()
{
    m_query->finish();
    if (m_inUse)
        *m_inUse = false;
}

Statement &Statement::bind(std::initializer_list<QVariant> values)
{
    int index = 0;
    for (const QVariant &value : values)
        m_query->bindValue(index++, value);
    return *this;
}

} // namespace watchium::server
