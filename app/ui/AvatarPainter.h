#pragma once

#include <QColor>
#include <QImage>
#include <QString>

namespace watchium::app {

// Members' pictures as the lists draw them: a photo cut to a circle, or, for a member without
// one, a coloured circle with their initial. The colour comes from the user id, not the name, so
// a member keeps it across renames and sessions and two "Ken"s still look different.
class AvatarPainter
{
public:
    // Pixels a side: the lists show avatars at 32, so they stay sharp at 2x display scaling.
    static constexpr int kSize = 64;

    static QColor colourFor(const QString &userId);
    // The first character as a reader sees it (a whole emoji, a letter with its accent),
    // upper-cased; "?" for a blank name.
    static QString initialOf(const QString &name);
    static QImage placeholder(const QString &userId, const QString &name, int size = kSize);
    // `photo` scaled to cover the circle and centred; null in, null out. Safe off the GUI thread.
    static QImage circle(const QImage &photo, int size = kSize);
};

} // namespace watchium::app
