#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

// Phoenix Presence's presence_state payload, as realtime-js reads it (PresenceDiff makes the
// presence_diff). Pure.
namespace watchium::server::presence_frames {

// {key: {metas: [...]}}: a presence_state payload from every key's metas.
QJsonObject state(const QHash<QString, QJsonArray> &metasByKey);

} // namespace watchium::server::presence_frames
