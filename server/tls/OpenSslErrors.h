#pragma once

#include <QString>

namespace watchium::server {

// Drains OpenSSL's (per-thread) error queue into one readable line, oldest first: "no start line;
// ...". Every OpenSSL call that fails should be followed by this or by ERR_clear_error(), or the
// stale entry is blamed on the next, unrelated connection.
QString openSslErrors();

} // namespace watchium::server
