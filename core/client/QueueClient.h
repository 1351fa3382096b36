#pragma once

#include "domain/RoomQueue.h"

#include <QJsonObject>
#include <QObject>

namespace watchium {

class RoomClient;

// The room's episode queue as one member sees it: the queue (from the channel's join reply and
// every `queue_changed`), the episode the room plays, a running auto-advance countdown, and the
// host's queue actions (sent as sync_control; the server answers through RoomClient's
// controlAccepted / controlFailed).
class QueueClient : public QObject
{
    Q_OBJECT

public:
    explicit QueueClient(RoomClient *room, QObject *parent = nullptr);

    const RoomQueue &queue() const { return m_queue; }
    qint64 episode() const { return m_episode; }
    QString episodeTitle() const { return m_episodeTitle; }
    // Server clock (ms) at which the room moves to the next episode; 0 while no countdown runs.
    qint64 advanceAtMs() const { return m_queue.advanceAtMs; }

    // Host only. `videoUrl` empty: everyone plays their own copy of that episode.
    void add(qint64 episode, const QString &title, const QString &videoUrl);
    void move(qint64 entryId, int position);
    void remove(qint64 entryId);
    void next();
    void setAutoAdvance(bool enabled);
    void cancelAdvance();

Q_SIGNALS:
    void queueChanged();
    // The room moved to another episode (its video and state come through RoomClient).
    void episodeChanged(qint64 episode, const QString &title, const QString &videoUrl);
    // A countdown started (`advanceAtMs` > 0, server clock) or stopped (0, with the reason:
    // cancelled, advanced, auto_advance_off, resumed, ...).
    void countdownChanged(qint64 advanceAtMs, const QString &reason);

private:
    void onBroadcast(const QString &event, const QJsonObject &payload);
    void applyQueue(const QJsonValue &queue);
    void applyRoom(const QJsonObject &room);

    RoomClient *m_room;
    RoomQueue m_queue;
    qint64 m_episode = 0;
    QString m_episodeTitle;
};

} // namespace watchium
