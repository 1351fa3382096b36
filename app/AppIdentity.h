#pragma once

namespace watchium::app {

// What both executables (watchium, watchium-server) set up first: the application's name and
// version (its data directory follows from them) and quiet debug logging. Call once the
// QCoreApplication exists.
void setUpApplication();

} // namespace watchium::app
