#include "net/Reactor.h"

#include "Logging.h"
#include "net/NotifierReactor.h"
#ifdef WATCHIUM_HAVE_EPOLL
#include "net/EpollReactor.h"
#endif

#include <QLoggingCategory>

namespace watchium::server {

bool Reactor::hasBackend(Backend backend)
{
#ifdef WATCHIUM_HAVE_EPOLL
    constexpr bool haveEpoll = true;
#else
    constexpr bool haveEpoll = false;
#endif
    return backend == Backend::Notifier || haveEpoll;
}

Reactor::Backend Reactor::backendNamed(QByteArrayView name, Backend fallback)
{
    Backend named = fallback;
    if (name == "epoll")
        named = Backend::Epoll;
    else if (name == "notifier")
        named = Backend::Notifier;
    return hasBackend(named) ? named : fallback;
}

Reactor::Backend Reactor::chosenBackend()
{
    const Backend built = backendNamed(WATCHIUM_DEFAULT_REACTOR, Backend::Notifier);
    const QByteArray asked = qgetenv("WATCHIUM_REACTOR");
    if (asked.isEmpty())
        return built;
    const Backend chosen = backendNamed(asked, built);
    if (nameOf(chosen).toUtf8() != asked)
        qCWarning(lcReactor) << "WATCHIUM_REACTOR=" << asked << "is not a backend of this build;"
                             << "using" << nameOf(chosen);
    return chosen;
}

QString Reactor::nameOf(Backend backend)
{
    return backend == Backend::Epoll ? QStringLiteral("epoll") : QStringLiteral("notifier");
}

std::unique_ptr<Reactor> Reactor::create(Backend backend)
{
#ifdef WATCHIUM_HAVE_EPOLL
    if (backend == Backend::Epoll)
        return std::make_unique<EpollReactor>();
#else
    Q_UNUSED(backend)
#endif
    return std::make_unique<NotifierReactor>();
}

} // namespace watchium::server
