#include "net/EpollReactor.h"

#include "Logging.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <unistd.h>

namespace watchium::server {

namespace {

// Events taken per epoll_wait; more are picked up on the next loop turn, so timers and other
// sockets get their turn in between.
constexpr int kBatch = 256;

quint32 toReactor(quint32 epollEvents)
{
    quint32 events = 0;
    if (epollEvents & (EPOLLIN | EPOLLRDHUP))
        events |= Reactor::Readable;
    if (epollEvents & EPOLLOUT)
        events |= Reactor::Writable;
    if (epollEvents & EPOLLHUP)
        events |= Reactor::HangUp;
    if (epollEvents & EPOLLERR)
        events |= Reactor::Error;
    return events;
}

quint32 interest(bool wantRead, bool wantWrite)
{
    return (wantRead ? EPOLLIN | EPOLLRDHUP : 0u) | (wantWrite ? EPOLLOUT : 0u);
}

} // namespace

EpollReactor::EpollReactor(QObject *parent)
    : Reactor(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        qCCritical(lcReactor) << "epoll_create1 failed:" << std::strerror(errno);
        return;
    }
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EpollReactor::dispatch);
}

EpollReactor::~EpollReactor()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollReactor::add(int fd, Handler *handler)
{
    epoll_event event {};
    event.events = interest(true, false);
    event.data.ptr = handler;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
        qCWarning(lcReactor) << "cannot watch socket" << fd << ":" << std::strerror(errno);
        return false;
    }
    return true;
}

void EpollReactor::setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite)
{
    epoll_event event {};
    event.events = interest(wantRead, wantWrite);
    event.data.ptr = handler;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
}

void EpollReactor::remove(int fd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void EpollReactor::dispatch()
{
    epoll_event events[kBatch];
    const int count = ::epoll_wait(m_epoll, events, kBatch, 0);
    for (int i = 0; i < count; ++i)
        static_cast<Handler *>(events[i].data.ptr)->socketEvents(toReactor(events[i].events));
}

} // namespace watchium::server
