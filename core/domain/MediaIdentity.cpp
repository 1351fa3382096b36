#include "domain/MediaIdentity.h"

#include "domain/Validation.h"

#include <QJsonValue>

#include <cmath>

namespace watchium {

QJsonObject MediaIdentity::toJson() const
{
    QJsonObject o;
    if (!name.isEmpty())
        o.insert(QStringLiteral("name"), name);
    if (size >= 0)
        o.insert(QStringLiteral("size"), size);
    if (duration > 0.0)
        o.insert(QStringLiteral("duration"), duration);
    return o;
}

QString MediaIdentity::parse(const QJsonValue &value, MediaIdentity *out)
{
    if (!value.isObject())
        return QStringLiteral("must be an object with name, size and duration");
    const QJsonObject o = value.toObject();
    MediaIdentity m;
    const QJsonValue name = o.value(QLatin1String("name"));
    if (!name.isUndefined() && !name.isNull()) {
        if (!name.isString())
            return QStringLiteral("name: must be a string");
        m.name = name.toString();
        if (m.name.isEmpty() || m.name.size() > kNameMax)
            return QStringLiteral("name: must be 1 to %1 characters").arg(kNameMax);
        if (validation::hasForbiddenControl(m.name, false))
            return QStringLiteral("name: must not contain control characters");
        // The file's name alone: a folder in it would tell the room about this computer.
        if (m.name.contains(QLatin1Char('/')) || m.name.contains(QLatin1Char('\\'))
            || m.name == QLatin1String(".") || m.name == QLatin1String(".."))
            return QStringLiteral("name: must be a file name without a folder");
    }
    const QJsonValue size = o.value(QLatin1String("size"));
    if (!size.isUndefined() && !size.isNull()) {
        const double d = size.toDouble(-1);
        if (!size.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < 0
            || d > double(kSizeMax))
            return QStringLiteral("size: must be a whole number of bytes from 0 to 2^53");
        m.size = qint64(d);
    }
    const QJsonValue duration = o.value(QLatin1String("duration"));
    if (!duration.isUndefined() && !duration.isNull()) {
        const double d = duration.toDouble(-1);
        if (!duration.isDouble() || !std::isfinite(d) || d < 0 || d > validation::kMaxVideoSeconds)
            return QStringLiteral("duration: must be a number of seconds from 0 to %1")
                .arg(validation::kMaxVideoSeconds);
        m.duration = d;
    }
    if (m.isEmpty())
        return QStringLiteral("must carry a name, a size or a duration");
    *out = m;
    return {};
}

MediaIdentity MediaIdentity::fromRoomRow(const QJsonObject &row)
{
    QJsonObject media;
    const auto copy = [&](const char *column, const char *key) {
        const QJsonValue v = row.value(QLatin1String(column));
        if (!v.isNull() && !v.isUndefined())
            media.insert(QLatin1String(key), v);
    };
    copy("media_name", "name");
    copy("media_size", "size");
    copy("media_duration", "duration");
    MediaIdentity m;
    if (!media.isEmpty() && parse(media, &m).isEmpty())
        return m;
    return {};
}

} // namespace watchium
