#pragma once

#include "net/Reactor.h"

#include <QHash>

class QSocketNotifier;

namespace watchium::server {

// The portable backend: a read and a write QSocketNotifier per socket. Without a readiness
// mask of its own it reports a hang-up as Readable (the read that follows finds it), so while
// reading is switched off a peer's hang-up waits for the next write or the connection's deadline.
class NotifierReactor : public Reactor
{
    Q_OBJECT

public:
    explicit NotifierReactor(QObject *parent = nullptr);
    ~NotifierReactor() override;

    Backend backend() const override { return Backend::Notifier; }
    bool isValid() const override { return true; }
    bool add(int fd, Handler *handler) override;
    void setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite) override;
    void remove(int fd) override;

private:
    struct Watch
    {
        Handler *handler = nullptr;
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };

    void deliver(int fd, quint32 events);

    QHash<int, Watch> m_watches;
};

} // namespace watchium::server
