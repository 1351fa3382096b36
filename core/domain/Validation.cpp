#include "domain/Validation.h"

#include <QUrl>

#include <cmath>

namespace watchium::validation {

bool isRoomId(const QString &value)
{
    if (value.size() != 10)
        return false;
    for (QChar c : value) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
              || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))))
            return false;
    }
    return true;
}

bool isAccessKey(const QString &value)
{
    if (value.size() != 6)
        return false;
    for (QChar c : value) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

bool isHttpUrl(const QString &value)
{
    if (value.size() > kUrlMax || hasForbiddenControl(value, false))
        return false;
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        && !url.host().isEmpty();
}

bool hasForbiddenControl(const QString &value, bool allowLineBreaks)
{
    for (QChar c : value) {
        const char16_t u = c.unicode();
        if (allowLineBreaks && (u == u'\n' || u == u'\t' || u == u'\r'))
            continue;
        // C0, DEL and C1 controls, plus bidi overrides that can disguise text.
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

Fields::Fields(const QJsonObject &body)
    : m_body(body)
{
}

bool Fields::fail(const QString &key, const QString &message)
{
    if (ok()) {
        m_errorField = key;
        m_errorMessage = key + QLatin1String(": ") + message;
    }
    return false;
}

bool Fields::has(const QString &key) const
{
    const QJsonValue v = m_body.value(key);
    return !v.isUndefined() && !v.isNull();
}

bool Fields::present(const QString &key, bool optional)
{
    if (has(key))
        return true;
    if (!optional)
        fail(key, QStringLiteral("is required"));
    return false;
}

QString Fields::text(const QString &key, int maxLength, bool optional, bool allowLineBreaks)
{
    if (!present(key, optional))
        return {};
    const QJsonValue v = m_body.value(key);
    if (!v.isString()) {
        fail(key, QStringLiteral("must be a string"));
        return {};
    }
    const QString value = v.toString().trimmed();
    if (value.isEmpty()) {
        if (!optional)
            fail(key, QStringLiteral("must not be empty"));
        return {};
    }
    if (value.size() > maxLength) {
        fail(key, QStringLiteral("must be at most %1 characters").arg(maxLength));
        return {};
    }
    if (hasForbiddenControl(value, allowLineBreaks)) {
        fail(key, QStringLiteral("must not contain control characters"));
        return {};
    }
    return value;
}

QString Fields::roomId(const QString &key)
{
    const QString value = text(key, 10);
    if (!value.isEmpty() && !isRoomId(value)) {
        fail(key, QStringLiteral("must be a 10-character room ID of a-z and 0-9"));
        return {};
    }
    return value;
}

QString Fields::httpUrl(const QString &key, bool optional)
{
    const QString value = text(key, kUrlMax, optional);
    if (!value.isEmpty() && !isHttpUrl(value)) {
        fail(key, QStringLiteral("must be an http or https URL"));
        return {};
    }
    return value;
}

std::optional<qint64> Fields::integer(const QString &key, qint64 min, qint64 max, bool optional)
{
    if (!present(key, optional))
        return std::nullopt;
    const QJsonValue v = m_body.value(key);
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d)) {
        fail(key, QStringLiteral("must be a whole number"));
        return std::nullopt;
    }
    if (d < double(min) || d > double(max)) {
        fail(key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<double> Fields::number(const QString &key, double min, double max, bool optional)
{
    if (!present(key, optional))
        return std::nullopt;
    const QJsonValue v = m_body.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        fail(key, QStringLiteral("must be a number"));
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (d < min || d > max) {
        fail(key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return std::nullopt;
    }
    return d;
}

std::optional<bool> Fields::boolean(const QString &key, bool optional)
{
    if (!present(key, optional))
        return std::nullopt;
    const QJsonValue v = m_body.value(key);
    if (!v.isBool()) {
        fail(key, QStringLiteral("must be true or false"));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<MediaIdentity> Fields::media(const QString &key)
{
    if (!present(key, true))
        return std::nullopt;
    MediaIdentity m;
    const QString problem = MediaIdentity::parse(m_body.value(key), &m);
    if (!problem.isEmpty()) {
        fail(key, problem);
        return std::nullopt;
    }
    return m;
}

} // namespace watchium::validation
