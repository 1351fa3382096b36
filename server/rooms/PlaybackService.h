#pragma once

#include "domain/Validation.h"
#include "rooms/ServiceContext.h"

namespace watchium::server {

// Host playback authority: turns a host's play, pause, seek or rate change
// into the room's next authoritative state, scheduled a little in the future
// so every member (the host included) applies it at the same instant; also
// the host's change of the room's video and of its group-wait switch.
class PlaybackSupervisor;
class QueueService;
class StatePublisher;

class PlaybackService
{
public:
    PlaybackService(ServiceContext context, StatePublisher *publisher,
                    PlaybackSupervisor *supervisor);

    Outcome control(const QJsonObject &body, const Caller &caller);
    // The same for a member already authenticated by its socket.
    Outcome controlAs(const LiveRooms::Member &member, const QJsonObject &body, const QString &ip);
    Outcome hostTime(const QJsonObject &body, const Caller &caller);
    // The queue's actions (queue_add, queue_next, ...) go there, host-checked here.
    void setQueue(QueueService *queue) { m_queue = queue; }

private:
    Outcome changeVideo(LiveRoom *room, const MemberRecord &host, validation::Fields &f,
                        const QString &ip);
    Outcome setGroupWait(LiveRoom *room, const MemberRecord &host, validation::Fields &f);
    std::optional<ApiError> limitControl(const LiveRoom *room, const MemberRecord &host,
                                         const QString &ip) const;
    static Outcome storeError();
    // controlAs() inside its unit of work.
    Outcome decide(const LiveRooms::Member &member, const QJsonObject &body, const QString &ip);

    ServiceContext m_ctx;
    StatePublisher *m_publisher;
    PlaybackSupervisor *m_supervisor;
    QueueService *m_queue = nullptr;
};

} // namespace watchium::server
