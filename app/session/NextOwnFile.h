#pragma once

#include <QString>

namespace watchium {

// For a member who plays their own copies: the file of `episode` in the folder of the file
// playing now (by the episode number in its name, see EpisodeFiles); empty when `current` is
// not a local file or the folder has no such file.
QString nextOwnFile(const QString &current, qint64 episode);

} // namespace watchium
