#include "domain/PlayerStatus.h"

namespace watchium {

QString playerStatusName(PlayerStatus status)
{
    switch (status) {
    case PlayerStatus::Loading:
        return QStringLiteral("loading");
    case PlayerStatus::Ready:
        return QStringLiteral("ready");
    case PlayerStatus::Buffering:
        return QStringLiteral("buffering");
    case PlayerStatus::Error:
        return QStringLiteral("error");
    case PlayerStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

PlayerStatus playerStatusFromName(const QString &name)
{
    for (PlayerStatus s : {PlayerStatus::Loading, PlayerStatus::Ready, PlayerStatus::Buffering,
                           PlayerStatus::Error}) {
        if (name == playerStatusName(s))
            return s;
    }
    return PlayerStatus::Unknown;
}

} // namespace watchium
