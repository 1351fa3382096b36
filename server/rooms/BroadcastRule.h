#pragma once

#include "rooms/Outcome.h"

#include <QJsonObject>
#include <QString>

namespace watchium::server {

// What a client's broadcast of an event does. The socket's `broadcast` and the HTTP broadcast
// endpoint both ask here, so the two paths cannot drift apart. Pure.
//
// A room's channel carries its members' words and the server's announcements: clients act on
// the server's events (a `state` moves every player), so nobody else may send them. A topic
// that is not a room is an open channel, as in Supabase Realtime: whoever may use the server
// (holds its apikey, when it has one) may broadcast there, within the per-address rate limit.
class BroadcastRule
{
public:
    enum class Verdict {
        Relay, // passed on to the topic's subscribers
        Control, // a playback control: the server applies it (host only) and announces the state
        Reserved, // only the server sends this event
        MembersOnly, // the sender is not a member of the room
        Reaction, // a member's emoji: checked and limited (ReactionService), relayed with who
    };

    static Verdict judge(bool roomTopic, bool fromMember, const QString &event);
    // Why a Reserved or MembersOnly broadcast was refused.
    static ApiError refusal(Verdict verdict, const QString &event);
    // The control request a playback broadcast stands for: realtime-js sends `play`, `pause`,
    // `seek` or `rate` with the control's fields, or `sync_control` with an `action`.
    static QJsonObject controlRequest(const QString &event, const QJsonObject &payload);

    static bool isServerEvent(const QString &event);
    static bool isControlEvent(const QString &event);
    static bool isReactionEvent(const QString &event);
};

} // namespace watchium::server
