#pragma once

#include "net/Reactor.h"

class QSocketNotifier;

namespace watchium::server {

// The Linux backend of Reactor: readiness of many sockets through one epoll instance. Qt's own
// dispatcher polls every socket notifier on each loop turn and toggles a write notifier around
// every write; with thousands of mostly idle sockets that is the server's main cost, so here Qt
// sees one descriptor. Built on Linux only (WATCHIUM_HAVE_EPOLL).
class EpollReactor : public Reactor
{
    Q_OBJECT

public:
    explicit EpollReactor(QObject *parent = nullptr);
    ~EpollReactor() override;

    Backend backend() const override { return Backend::Epoll; }
    bool isValid() const override { return m_epoll >= 0; }
    bool add(int fd, Handler *handler) override;
    void setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite) override;
    void remove(int fd) override;

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace watchium::server
