#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

// Host playback authority: turns a host's play, pause, seek or rate change
// into the room's next authoritative state, scheduled a little in the future
// so every member (the host included) applies it at the same instant.
class PlaybackService
{
public:
    explicit PlaybackService(ServiceContext context);

    Outcome control(const QJsonObject &body, const Caller &caller);
    // The same for a member already authenticated by its socket.
    Outcome controlAs(const LiveRooms::Member &member, const QJsonObject &body, const QString &ip);
    Outcome hostTime(const QJsonObject &body, const Caller &caller);

    static bool isControlEvent(const QString &event);

private:
    int controlLeadMs(const LiveRoom *room) const;

    ServiceContext m_ctx;
};

} // namespace watchium::server
