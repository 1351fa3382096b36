#include "MediaMismatchText.h"

#include <QLocale>

#include <cmath>

namespace watchium::app {

QString MediaMismatchText::clock(double seconds)
{
    const qint64 s = std::llround(std::max(0.0, seconds));
    const QString minSec = QStringLiteral("%1:%2")
                               .arg(s / 60 % 60, s >= 3600 ? 2 : 1, 10, QLatin1Char('0'))
                               .arg(s % 60, 2, 10, QLatin1Char('0'));
    return s >= 3600 ? QStringLiteral("%1:%2").arg(s / 3600).arg(minSec) : minSec;
}

QString MediaMismatchText::details(MediaMatch::Differences d, const MediaIdentity &theirs,
                                   const MediaIdentity &host)
{
    QStringList parts;
    if (d.testFlag(MediaMatch::Difference::Duration))
        parts << tr("%1 long, the host's is %2").arg(clock(theirs.duration), clock(host.duration));
    if (d.testFlag(MediaMatch::Difference::Size)) {
        const QLocale locale;
        parts << tr("%1, the host's is %2")
                     .arg(locale.formattedDataSize(theirs.size),
                          locale.formattedDataSize(host.size));
    }
    if (d.testFlag(MediaMatch::Difference::Name))
        parts << tr("named “%1”, the host's “%2”").arg(theirs.name, host.name);
    return parts.join(QStringLiteral("; "));
}

QString MediaMismatchText::forSelf(MediaMatch::Differences d, const MediaIdentity &mine,
                                   const MediaIdentity &host)
{
    if (!d)
        return {};
    return tr("Your file differs from the host's: %1").arg(details(d, mine, host));
}

QString MediaMismatchText::forMember(MediaMatch::Differences d, const MediaIdentity &theirs,
                                     const MediaIdentity &host)
{
    if (!d)
        return {};
    return tr("Plays a different file from the host's: %1").arg(details(d, theirs, host));
}

} // namespace watchium::app
