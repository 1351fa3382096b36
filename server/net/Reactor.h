#pragma once

#include <QObject>

#include <memory>

namespace watchium::server {

// Readiness of the server's sockets, delivered on the owning thread's Qt event loop. Two
// backends: epoll (Linux: one descriptor for Qt to watch, whatever the number of sockets) and
// Qt's socket notifiers (every platform Qt runs on; Qt polls each socket on each loop turn, fine
// for a party, slower for thousands of idle sockets). The build picks the default
// (WATCHIUM_REACTOR); the environment variable WATCHIUM_REACTOR=epoll|notifier overrides it, which
// is how CI runs the server suite on both.
//
// Handlers must outlive their registration; destroy them with deleteLater(), since the events of
// one wait may still name a handler that an earlier event of the same wait removed.
class Reactor : public QObject
{
    Q_OBJECT

public:
    enum Event : quint32 {
        Readable = 0x1, // data, or the peer closed its side (a read says which)
        Writable = 0x2,
        HangUp = 0x4, // both directions are gone; also reported with reading switched off
        Error = 0x8,
    };
    enum class Backend { Epoll, Notifier };
    Q_ENUM(Backend)

    class Handler
    {
    public:
        virtual ~Handler() = default;
        // `events` is a mask of Event.
        virtual void socketEvents(quint32 events) = 0;
    };

    using QObject::QObject;

    // The build's default, unless WATCHIUM_REACTOR names a backend this build has.
    static Backend chosenBackend();
    // `name` is "epoll" or "notifier"; anything else (or a backend this build lacks) is
    // `fallback`.
    static Backend backendNamed(QByteArrayView name, Backend fallback);
    static bool hasBackend(Backend backend);
    static QString nameOf(Backend backend);
    static std::unique_ptr<Reactor> create(Backend backend = chosenBackend());

    virtual Backend backend() const = 0;
    virtual bool isValid() const = 0;
    // Watches `fd` for input (level-triggered), not for output.
    virtual bool add(int fd, Handler *handler) = 0;
    // Input as well may be switched off, for a peer whose output backs up.
    virtual void setInterest(int fd, Handler *handler, bool wantRead, bool wantWrite) = 0;
    virtual void remove(int fd) = 0;

    void setWantWrite(int fd, Handler *handler, bool wantWrite)
    {
        setInterest(fd, handler, true, wantWrite);
    }
};

} // namespace watchium::server
