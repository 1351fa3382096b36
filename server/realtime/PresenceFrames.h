#pragma once

#include "protocol/Message.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

// Phoenix Presence's two frames, as realtime-js reads them. Pure.
namespace watchium::server::presence_frames {

// One key's change: `joined` and/or `left` (an empty meta: that side is empty).
protocol::Message diff(const QString &topic, const QString &key, const QJsonObject &joined,
                       const QJsonObject &left);
// {key: {metas: [...]}}: a presence_state payload from every key's metas.
QJsonObject state(const QHash<QString, QJsonArray> &metasByKey);

} // namespace watchium::server::presence_frames
