#pragma once

#include "domain/MediaIdentity.h"

#include <QFlags>

namespace watchium {

// Whether a member plays the same file as the host, as Syncplay judges it: the same name, the
// same size and nearly the same length. Names compare case-insensitively after Unicode NFC
// normalisation ("Ep01.MKV" is "ep01.mkv": file systems and downloads disagree on case, not on
// content). A field either side does not know is not compared. Pure: no I/O.
class MediaMatch
{
public:
    enum class Difference { None = 0, Name = 1, Size = 2, Duration = 4 };
    Q_DECLARE_FLAGS(Differences, Difference)

    // Lengths within this many seconds are the same episode: containers round their duration,
    // and a remux may add or drop a frame or two.
    static constexpr double kDurationToleranceSeconds = 1.0;

    static Differences compare(const MediaIdentity &mine, const MediaIdentity &host);
};

Q_DECLARE_OPERATORS_FOR_FLAGS(MediaMatch::Differences)

} // namespace watchium
