#pragma once

#include "rooms/ServiceContext.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace watchium::server {

class CommentService;
class QueueStore;
class StatePublisher;

// The room's episode queue: the host adds, moves and removes entries and moves everyone to the
// next one ("next episode": the room's episode and video change, its state starts over and the
// comment thread follows); with auto-advance on, the end of an episode starts a countdown that
// everyone sees, and the server advances when it runs out unless the host cancels. Every change
// is announced with the whole queue (`queue_changed`), as Syncplay and Jellyfin SyncPlay send
// their whole playlist.
class QueueService : public QObject
{
    Q_OBJECT

public:
    QueueService(ServiceContext context, QueueStore *store, StatePublisher *publisher,
                 CommentService *comments, QObject *parent = nullptr);

    // Whether `action` (a sync_control action) is one of the queue's.
    static bool handles(const QString &action);
    // A queue action of the room's host (PlaybackService checked that it is the host).
    Outcome control(LiveRoom *room, const MemberRecord &host, const QJsonObject &body,
                    const QString &ip);
    // The queue as join replies carry it; null when the store cannot say.
    QJsonValue snapshot(LiveRoom *room);
    // The room's video ended (PlaybackSupervisor): auto-advance starts its countdown.
    void videoEnded(const QString &roomId);

private:
    RoomQueue *queueOf(LiveRoom *room);
    Outcome add(LiveRoom *room, RoomQueue &queue, const QJsonObject &body);
    Outcome move(LiveRoom *room, RoomQueue &queue, const QJsonObject &body);
    Outcome remove(LiveRoom *room, RoomQueue &queue, const QJsonObject &body);
    Outcome setAutoAdvance(LiveRoom *room, RoomQueue &queue, const QJsonObject &body);
    // Moves the room to the queue's first entry; `userId` empty: the countdown did.
    Outcome advance(LiveRoom *room, RoomQueue &queue, const QString &userId,
                    const QString &username);
    void startCountdown(LiveRoom *room, RoomQueue &queue);
    // Stops a running countdown and says why; nothing when none runs.
    void stopCountdown(LiveRoom *room, RoomQueue &queue, const QString &reason);
    void countdownEnded(const QString &roomId);
    bool saveEntries(LiveRoom *room, const QList<QueueEntry> &entries);
    void announce(LiveRoom *room, const RoomQueue &queue);
    Outcome reply(LiveRoom *room, const RoomQueue &queue) const;

    ServiceContext m_ctx;
    QueueStore *m_store;
    StatePublisher *m_publisher;
    CommentService *m_comments;
    QHash<QString, QTimer *> m_countdowns; // by room
};

} // namespace watchium::server
