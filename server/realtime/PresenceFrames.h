#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

// Phoenix Presence's payload shapes, as realtime-js reads them (PresenceDiff gathers a
// presence_diff). Pure.
namespace watchium::server::presence_frames {

// {key: {metas: [...]}}: a presence_state payload from every key's metas (and a presence_diff's
// joins or leaves).
QJsonObject state(const QHash<QString, QJsonArray> &metasByKey);
// A meta's phx_ref, which tells one tracked presence from every other.
QString ref(const QJsonObject &meta);

} // namespace watchium::server::presence_frames
