#pragma once

#include "domain/MediaMatch.h"

#include <QCoreApplication>
#include <QString>

namespace watchium::app {

// How a file mismatch reads, for the member it concerns and for everyone else.
class MediaMismatchText
{
    Q_DECLARE_TR_FUNCTIONS(MediaMismatchText)

public:
    // "23:40 long, the host's is 24:02; …": what differs, one part per difference.
    static QString details(MediaMatch::Differences differences, const MediaIdentity &theirs,
                           const MediaIdentity &host);
    // The notice under the video for the member whose file differs.
    static QString forSelf(MediaMatch::Differences differences, const MediaIdentity &mine,
                           const MediaIdentity &host);
    // The tooltip on another member in the members list.
    static QString forMember(MediaMatch::Differences differences, const MediaIdentity &theirs,
                             const MediaIdentity &host);
    // "1:02:03" or "23:40".
    static QString clock(double seconds);
};

} // namespace watchium::app
