#include "rooms/ReactionService.h"

#include "ops/Metrics.h"
#include "rooms/ReactionRule.h"

namespace watchium::server {

ReactionService::ReactionService(ServiceContext context)
    : m_ctx(context)
{
}

Outcome ReactionService::react(const LiveRooms::Member &member, const QJsonObject &payload,
                               const QString &ip) const
{
    if (auto refused = ReactionRule::check(payload)) {
        if (m_ctx.metrics)
            m_ctx.metrics->rejected(refused->code);
        return Outcome::failure(*refused);
    }
    const MemberRecord &who = *member.member;
    if (auto limited = m_ctx.limit(RateLimiter::Kind::Reactions,
                                   ServiceContext::memberKey(who.roomId, who.userId), ip))
        return Outcome::failure(*limited);
    return Outcome::success(ReactionRule::relayed(payload.value(QLatin1String("emoji")).toString(),
                                                  who.userId, who.username));
}

} // namespace watchium::server
