#include "realtime/PresenceFrames.h"

namespace watchium::server::presence_frames {

QJsonObject state(const QHash<QString, QJsonArray> &metasByKey)
{
    QJsonObject state;
    for (auto it = metasByKey.cbegin(); it != metasByKey.cend(); ++it)
        state.insert(it.key(), QJsonObject {{QStringLiteral("metas"), it.value()}});
    return state;
}

QString ref(const QJsonObject &meta)
{
    return meta.value(QLatin1String("phx_ref")).toString();
}

} // namespace watchium::server::presence_frames
