#pragma once

namespace watchium::server {

// Told by the Database when an outermost unit of work (a Transaction) begins and ends, so that
// writes which must commit with it, or must not join it, are made at the right moment.
class WorkObserver
{
public:
    virtual ~WorkObserver() = default;
    // Before BEGIN: what was queued outside any transaction must not be tied to this one.
    virtual void workBeginning() = 0;
    // Before COMMIT, inside the transaction; false makes it roll back instead.
    virtual bool workCommitting() = 0;
    // After ROLLBACK: what was queued inside it is void.
    virtual void workRolledBack() = 0;
};

} // namespace watchium::server
