#pragma once

#include <cerrno>

namespace watchium::server {

// Whether a non-blocking socket call that failed with `error` is simply to be tried again when the
// socket is ready, rather than a broken connection.
inline bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

} // namespace watchium::server
