#include "net/NotifierReactor.h"

#include <QSocketNotifier>

namespace watchium::server {

NotifierReactor::NotifierReactor(QObject *parent)
    : Reactor(parent)
{
}

NotifierReactor::~NotifierReactor()
{
    for (const Watch &watch : std::as_const(m_watches)) {
        delete watch.read;
        delete watch.write;
    }
}

bool NotifierReactor::add(int fd, Handler *handler)
{
    if (m_watches.contains(fd))
        return false;
    Watch watch;
    watch.handler = handler;
    watch.read = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    watch.write = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    watch.write->setEnabled(false);
    // By descriptor, not by handler: a handler removed earlier in this loop turn is not called.
    connect(watch.read, &QSocketNotifier::activated, this, [this, fd] { deliver(fd, Readable); });
    connect(watch.write, &QSocketNotifier::activated, this, [this, fd] { deliver(fd, Writable); });
    m_watches.insert(fd, watch);
    return true;
}

void NotifierReactor::setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    it->handler = handler;
    it->read->setEnabled(wantRead);
    it->write->setEnabled(wantWrite);
}

void NotifierReactor::remove(int fd)
{
    const Watch watch = m_watches.take(fd);
    // Later: this may run inside one of their own activated() signals. Disabled now, so a new
    // socket given the same descriptor is not reported to them.
    for (QSocketNotifier *notifier : {watch.read, watch.write}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
}

void NotifierReactor::deliver(int fd, quint32 events)
{
    const auto it = m_watches.constFind(fd);
    if (it != m_watches.constEnd())
        it->handler->socketEvents(events);
}

} // namespace watchium::server
