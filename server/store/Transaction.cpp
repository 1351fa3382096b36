#include "store/Transaction.h"

#include "store/Database.h"

namespace watchium::server {

Transaction::Transaction(Database *db)
    : m_db(db)
    , m_open(db && db->beginWork())
{
}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::commit()
{
    if (!m_open)
        return false;
    m_open = false;
    return m_db->endWork(true);
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    m_db->endWork(false);
}

} // namespace watchium::server
