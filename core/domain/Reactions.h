#pragma once

#include <QStringList>

namespace watchium::reactions {

// The emoji a member can react with, in the order the app shows them. The server refuses any
// other: one list for both sides.
const QStringList &emojis();

// How long a reaction stays over the video.
inline constexpr int kShownMs = 3000;

} // namespace watchium::reactions
