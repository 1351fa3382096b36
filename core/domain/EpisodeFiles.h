#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace watchium {

// Finds an episode's file by the number in its name, for a member who plays their own copies:
// "[Group] Show - 05 [1080p].mkv", "Show.S01E05.WEB.mkv", "ep5.mp4", "05.mp4". Numbers that
// are not episodes (resolution, year, CRC, codec) are not taken for one.
class EpisodeFiles
{
public:
    // The episode number the name carries, if any. `fileName` has no folders.
    static std::optional<qint64> episodeOf(const QString &fileName);
    // The video among `fileNames` whose episode number is `episode` (the first by name when
    // several are); empty when there is none.
    static QString pick(const QStringList &fileNames, qint64 episode);
    static bool isVideo(const QString &fileName);
};

} // namespace watchium
