#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

// Makes a new RoomState the room's truth: saved to the store, announced once as a room
// broadcast (the RoomState fields plus the seeds' current_time, user_id, username) and as the
// `rooms` UPDATE change, and logged in the sync history. Host controls, group waits and the
// end of the video all go through it, so every change reaches clients the same way.
class StatePublisher
{
public:
    explicit StatePublisher(ServiceContext context);

    struct Change
    {
        QString event; // the broadcast: play, pause, seek, rate, state, ...
        QString action; // the sync history's action; the event when empty
        QString userId; // who caused it; empty for the server itself
        QString username;
        QJsonObject extra; // more fields for the broadcast (reason, waiting names, ...)
    };
    enum class Result {
        Published,
        // Another server node changed the room first; the room now holds that node's state.
        Stale,
        Failed, // the store refused it; the room keeps its old state
    };
    // Only over the state the room held when `next` was decided (its seq), so two nodes of a
    // cluster never both change it from the same state.
    Result publish(LiveRoom *room, const RoomState &next, const Change &change);
    // The broadcast that announces `state` for `change` at `now`: the RoomState's fields, the
    // seeds' current_time, is_playing and playback_rate, who caused it, and change.extra.
    static QJsonObject announcement(const LiveRoom *room, const RoomState &state,
                                    const Change &change, qint64 now);
    // What a caller answers when publish() did not publish.
    static Outcome failure(Result result);

    // The state another video starts from: paused at its beginning, its length unknown until
    // the host's player reports it. Members' lengths, wait exclusions and the host's stored file
    // of the old one go.
    static RoomState freshStart(LiveRoom *room, qint64 now);

    // How far in the future a start is scheduled so that every member applies it at the same
    // instant: the slowest connected member's one-way delay plus a margin, within the
    // configured bounds.
    int leadMs(const LiveRoom *room) const;
    // The room's next state starting `leadMs()` from `now`.
    qint64 startTime(const LiveRoom *room, qint64 now) const { return now + leadMs(room); }

private:
    ServiceContext m_ctx;
};

} // namespace watchium::server
