#pragma once

#include "rooms/Outcome.h"

#include <QJsonObject>

#include <optional>

namespace watchium::server {

// What a member's `reaction` broadcast may carry: one emoji of a small fixed set. Pure.
//
// Reactions are not stored; the server relays what it builds from the checked emoji and the
// sender's own identity, never the sender's payload, so nobody reacts in another's name and
// nothing else rides along.
class ReactionRule
{
public:
    // Compact JSON of the payload as sent: an emoji and room for a client's own small extras.
    static constexpr int kMaxPayloadBytes = 256;

    // The refusal for a payload that is not {"emoji": one of reactions::emojis()}, in the bound.
    static std::optional<ApiError> check(const QJsonObject &payload);
    // What the room's members receive.
    static QJsonObject relayed(const QString &emoji, const QString &userId,
                               const QString &username);
};

} // namespace watchium::server
