#include "realtime/HttpBroadcast.h"

#include "protocol/ErrorCodes.h"
#include "protocol/Topics.h"
#include "realtime/RealtimeHub.h"
#include "rooms/BroadcastRule.h"
#include "rooms/PlaybackService.h"
#include "rooms/ReactionService.h"

#include <QJsonArray>

#include <optional>

namespace watchium::server {

namespace {

constexpr int kNameMax = 255;

struct Delivery
{
    QString topic;
    QString event;
    QJsonObject payload;
    std::optional<LiveRooms::Member> control; // set when the message is a playback control
};

} // namespace

HttpBroadcast::HttpBroadcast(ServiceContext context, PlaybackService *playback,
                             ReactionService *reactions, RealtimeHub *hub)
    : m_ctx(context)
    , m_playback(playback)
    , m_reactions(reactions)
    , m_hub(hub)
{
}

Outcome HttpBroadcast::send(const QJsonObject &body, const Caller &caller)
{
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    if (messages.isEmpty() || messages.size() > kMaxMessages)
        return Outcome::failure(
            400, protocol::errors::kInvalidRequest,
            QStringLiteral("messages: 1 to %1 broadcast messages").arg(kMaxMessages));
    QList<Delivery> deliveries;
    for (const QJsonValue &value : messages) {
        const QJsonObject m = value.toObject();
        Delivery d {m.value(QLatin1String("topic")).toString(),
                    m.value(QLatin1String("event")).toString(),
                    m.value(QLatin1String("payload")).toObject(), std::nullopt};
        if (d.topic.isEmpty() || d.topic.size() > kNameMax || d.event.isEmpty()
            || d.event.size() > kNameMax)
            return Outcome::failure(400, protocol::errors::kInvalidRequest,
                                    QStringLiteral("each message needs a topic and an event of "
                                                   "at most %1 characters")
                                        .arg(kNameMax));
        const QString roomId = protocol::topics::roomIdFromTopic(d.topic);
        std::optional<std::variant<ApiError, LiveRooms::Member>> auth;
        if (!roomId.isEmpty())
            auth = m_ctx.live->authenticate(caller.token, roomId);
        const bool member = auth && std::holds_alternative<LiveRooms::Member>(*auth);
        const auto verdict = BroadcastRule::judge(!roomId.isEmpty(), member, d.event);
        if (verdict == BroadcastRule::Verdict::Reserved)
            return Outcome::failure(BroadcastRule::refusal(verdict, d.event));
        if (verdict == BroadcastRule::Verdict::MembersOnly
            || (verdict == BroadcastRule::Verdict::Control && !member)) {
            // A token that was given but did not hold says why better than "members only".
            return Outcome::failure(caller.token.isEmpty() ? BroadcastRule::refusal(
                                        BroadcastRule::Verdict::MembersOnly, d.event)
                                                           : std::get<ApiError>(*auth));
        }
        if (verdict == BroadcastRule::Verdict::Control)
            d.control = std::get<LiveRooms::Member>(*auth);
        if (verdict == BroadcastRule::Verdict::Reaction) {
            // Checked and counted now, with the rest of the batch: relayed as the server wrote it.
            const Outcome reaction =
                m_reactions->react(std::get<LiveRooms::Member>(*auth), d.payload, caller.ip);
            if (!reaction.ok)
                return reaction;
            d.payload = reaction.data;
        }
        deliveries.append(d);
    }
    // Open channels cost the server a fan-out each: bounded per address like any other call.
    if (auto limited =
            m_ctx.limit(RateLimiter::Kind::Broadcasts, {}, caller.ip, int(deliveries.size())))
        return Outcome::failure(*limited);
    for (const Delivery &d : std::as_const(deliveries)) {
        if (d.control) {
            const Outcome outcome = m_playback->controlAs(
                *d.control, BroadcastRule::controlRequest(d.event, d.payload), caller.ip);
            if (!outcome.ok)
                return outcome;
            continue;
        }
        m_hub->memberBroadcast(
            RealtimeHub::broadcastMessage(QStringLiteral("realtime:")
                                              + protocol::topics::channelName(d.topic),
                                          d.event, d.payload),
            nullptr);
    }
    return Outcome::success({{QStringLiteral("accepted"), true}});
}

} // namespace watchium::server
