#pragma once

#include <QObject>

class QSocketNotifier;

namespace watchium::server {

// Readiness of many sockets through one epoll instance, delivered on the owning thread's Qt event
// loop. Qt's own dispatcher polls every socket notifier on each loop turn and toggles a write
// notifier around every write; with thousands of mostly idle sockets that is the server's main
// cost, so the Realtime sockets live here and Qt sees one descriptor.
//
// Handlers must outlive their registration; destroy them with deleteLater(), since the events of
// one wait may still name a handler that an earlier event of the same wait removed.
class EpollReactor : public QObject
{
    Q_OBJECT

public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        // `events` is epoll's mask (EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR, EPOLLRDHUP).
        virtual void socketEvents(quint32 events) = 0;
    };

    explicit EpollReactor(QObject *parent = nullptr);
    ~EpollReactor() override;

    bool isValid() const { return m_epoll >= 0; }
    // Watches `fd` for input (level-triggered), and for output while `wantWrite` is set.
    bool add(int fd, Handler *handler);
    void setWantWrite(int fd, Handler *handler, bool wantWrite);
    // Input as well may be switched off, for a peer whose output backs up; hang-ups and errors
    // are still reported.
    void setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite);
    void remove(int fd);

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace watchium::server
