#include "OpenFileLimit.h"

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <cstdio>
#include <sys/resource.h>
#endif

namespace watchium::app {

void raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
            std::perror("watchium: cannot raise the open-file limit");
    }
#endif
}

} // namespace watchium::app
