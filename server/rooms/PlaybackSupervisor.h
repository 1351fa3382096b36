#pragma once

#include "rooms/ServiceContext.h"
#include "rooms/WaitRule.h"

#include <QObject>
#include <QTimer>

namespace watchium::server {

class StatePublisher;

// Moves a room by itself when its members' players require it: waits for members whose
// player loads or buffers (a group wait: the room pauses at one position and resumes everyone
// at one scheduled instant once they are ready, or after the configured bound), stops the room
// at the end of its video, and takes the video's length from the host's reports.
class PlaybackSupervisor : public QObject
{
    Q_OBJECT

public:
    PlaybackSupervisor(ServiceContext context, StatePublisher *publisher,
                       QObject *parent = nullptr);

    // The state a host's control should publish: a play while members are not ready becomes
    // a wait for them; a play during a wait starts without them; a seek during a wait keeps
    // waiting at the new position; any other control ends the wait. `event` is the broadcast
    // to send it as, and `extra` its additional fields.
    RoomState planControl(LiveRoom *room, const QString &action, RoomState next, qint64 now,
                          QString *event, QJsonObject *extra);
    // A member's presence was applied: its player status, position or duration may move the
    // room.
    void memberReported(LiveRoom *room, const MemberRecord &member);
    // Something about the room changed (the host's switch, a member left): look again now.
    void review(LiveRoom *room);

Q_SIGNALS:
    // The room's video played to its end (auto-advance listens).
    void videoEnded(const QString &roomId);

private:
    void sweep();
    // `lookForStalls`: also start a wait for members who load or buffer (after a report).
    void review(LiveRoom *room, qint64 now, bool lookForStalls = true);
    void beginWait(LiveRoom *room, const QStringList &ids, qint64 now);
    void updateWait(LiveRoom *room, const QStringList &ids);
    void resume(LiveRoom *room, const QString &reason, qint64 now);
    void finish(LiveRoom *room, qint64 now);
    void learnDuration(LiveRoom *room, double duration);
    QStringList stillWaiting(const LiveRoom *room, qint64 now) const;
    static WaitCandidate candidate(const LiveRoom *room, const MemberRecord &member);
    QList<WaitCandidate> candidates(const LiveRoom *room) const;
    QJsonObject waitFields(const LiveRoom *room, const QStringList &ids,
                           const QString &reason) const;

    ServiceContext m_ctx;
    StatePublisher *m_publisher;
    QTimer m_sweep;
};

} // namespace watchium::server
