#pragma once

#include <QString>

#include <functional>

namespace watchium::app {

// A user-visible text that shows state (an error, a status): a function calling tr(), kept and
// called again when the UI language changes, so the text is made anew from that state in the
// new language instead of staying in the old one.
using LiveText = std::function<QString()>;

} // namespace watchium::app
