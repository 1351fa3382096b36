#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

class PlaybackService;
class ReactionService;
class RealtimeHub;

// Realtime's HTTP broadcast endpoint (`POST /realtime/v1/api/broadcast`, and realtime-js
// httpSend()): a batch of messages, each judged by the same BroadcastRule as a socket's
// broadcast. The whole batch is checked before any of it is delivered, so a refused message
// never leaves half a batch sent.
class HttpBroadcast
{
public:
    static constexpr int kMaxMessages = 100;

    HttpBroadcast(ServiceContext context, PlaybackService *playback, ReactionService *reactions,
                  RealtimeHub *hub);

    Outcome send(const QJsonObject &body, const Caller &caller);

private:
    ServiceContext m_ctx;
    PlaybackService *m_playback;
    ReactionService *m_reactions;
    RealtimeHub *m_hub;
};

} // namespace watchium::server
