#include "rooms/ReactionRule.h"

#include "domain/Reactions.h"

#include <QJsonDocument>

namespace watchium::server {

std::optional<ApiError> ReactionRule::check(const QJsonObject &payload)
{
    if (QJsonDocument(payload).toJson(QJsonDocument::Compact).size() > kMaxPayloadBytes)
        return ApiError {
            400, QStringLiteral("invalid_reaction"),
            QStringLiteral("a reaction's payload is at most %1 bytes").arg(kMaxPayloadBytes)};
    const QJsonValue emoji = payload.value(QLatin1String("emoji"));
    if (!emoji.isString() || !reactions::emojis().contains(emoji.toString()))
        return ApiError {
            400, QStringLiteral("invalid_reaction"),
            QStringLiteral("emoji must be one of %1").arg(reactions::emojis().join(u' '))};
    return std::nullopt;
}

QJsonObject ReactionRule::relayed(const QString &emoji, const QString &userId,
                                  const QString &username)
{
    return {{QStringLiteral("emoji"), emoji},
            {QStringLiteral("user_id"), userId},
            {QStringLiteral("username"), username}};
}

} // namespace watchium::server
