#include "realtime/PresenceFrames.h"

namespace watchium::server::presence_frames {

protocol::Message diff(const QString &topic, const QString &key, const QJsonObject &joined,
                       const QJsonObject &left)
{
    auto side = [&](const QJsonObject &meta) {
        return meta.isEmpty()
            ? QJsonObject()
            : QJsonObject {{key, QJsonObject {{QStringLiteral("metas"), QJsonArray {meta}}}}};
    };
    protocol::Message m;
    m.topic = topic;
    m.event = QStringLiteral("presence_diff");
    m.payload = {{QStringLiteral("joins"), side(joined)}, {QStringLiteral("leaves"), side(left)}};
    return m;
}

QJsonObject state(const QHash<QString, QJsonArray> &metasByKey)
{
    QJsonObject state;
    for (auto it = metasByKey.cbegin(); it != metasByKey.cend(); ++it)
        state.insert(it.key(), QJsonObject {{QStringLiteral("metas"), it.value()}});
    return state;
}

} // namespace watchium::server::presence_frames
