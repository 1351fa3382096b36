#pragma once

namespace watchium::server {

class Database;

// One unit of work on the store: everything written while it is open, notifications to other
// nodes included, commits together or not at all. Scopes nest: only the outermost talks to the
// database, and an inner one that fails makes the outermost roll back.
class Transaction
{
public:
    explicit Transaction(Database *db);
    ~Transaction(); // rolls back unless committed
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isOpen() const { return m_open; }
    bool commit();
    void rollback();

private:
    Database *m_db;
    bool m_open = false;
};

} // namespace watchium::server
