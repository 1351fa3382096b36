#pragma once

namespace watchium::app {

// Every client of a server is an open socket: the usual soft limit of 1,024 descriptors would
// refuse connections long before the server runs out of anything else, so a server raises it
// to the hard limit. POSIX (getrlimit); elsewhere there is no such per-process limit to raise.
void raiseOpenFileLimit();

} // namespace watchium::app
