#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

// A member's emoji reaction, from a socket's `reaction` broadcast or the HTTP broadcast
// endpoint: checked (ReactionRule) and limited per member, and, when allowed, the payload to
// relay to the room. Reactions are not stored.
class ReactionService
{
public:
    explicit ReactionService(ServiceContext context);

    // On success, `data` is what the room's members receive as the `reaction` event.
    Outcome react(const LiveRooms::Member &member, const QJsonObject &payload,
                  const QString &ip) const;

private:
    ServiceContext m_ctx;
};

} // namespace watchium::server
