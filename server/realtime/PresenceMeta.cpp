#include "realtime/PresenceMeta.h"

#include <QJsonDocument>

namespace watchium::server {

PresenceMeta PresenceMeta::of(const QJsonObject &object)
{
    if (object.isEmpty())
        return {};
    return {object, QJsonDocument(object).toJson(QJsonDocument::Compact),
            object.value(QLatin1String("phx_ref")).toString()};
}

} // namespace watchium::server
