#include "rooms/PlaybackSupervisor.h"

#include "Logging.h"
#include "rooms/StatePublisher.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <cmath>

namespace watchium::server {

namespace {
// Deadlines and the end of a video are noticed within this; members' own players stop at the
// end by themselves, so the room's record of it need not be sharper.
constexpr int kSweepIntervalMs = 200;
// A host's duration report differing by less than this is the same video.
constexpr double kDurationSlackS = 0.01;
} // namespace

PlaybackSupervisor::PlaybackSupervisor(ServiceContext context, StatePublisher *publisher,
                                       QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_publisher(publisher)
{
    m_sweep.setInterval(kSweepIntervalMs);
    connect(&m_sweep, &QTimer::timeout, this, &PlaybackSupervisor::sweep);
    m_sweep.start();
}

WaitCandidate PlaybackSupervisor::candidate(const LiveRoom *room, const MemberRecord &member)
{
    return {member.userId, room->isOnline(member.userId), member.playerStatus, member.position,
            room->waitExcludedUntil.value(member.userId)};
}

QList<WaitCandidate> PlaybackSupervisor::candidates(const LiveRoom *room) const
{
    QList<WaitCandidate> list;
    list.reserve(room->members.size());
    for (const MemberRecord &m : room->members)
        list.append(candidate(room, m));
    return list;
}

QStringList PlaybackSupervisor::stillWaiting(const LiveRoom *room, qint64 now) const
{
    const RoomState &s = room->room.state;
    QStringList ids;
    for (const WaitCandidate &c : candidates(room)) {
        // Those the wait began for must be ready at its position; anyone else who starts
        // loading or buffering meanwhile joins it.
        const bool waited = s.waitingFor.contains(c.userId)
            ? WaitRule::stillWaitedFor(c, s.position, now)
            : WaitRule::holdsPlayback(c, now);
        if (waited)
            ids.append(c.userId);
    }
    return ids;
}

QJsonObject PlaybackSupervisor::waitFields(const LiveRoom *room, const QStringList &ids,
                                           const QString &reason) const
{
    // Names too, so a client that keeps no member list can say whom the room waits for.
    QJsonArray names;
    for (const QString &id : ids) {
        const auto it = room->members.constFind(id);
        names.append(it == room->members.cend() ? id : it->username);
    }
    return {{QStringLiteral("reason"), reason}, {QStringLiteral("waiting_for_names"), names}};
}

RoomState PlaybackSupervisor::planControl(LiveRoom *room, const QString &action, RoomState next,
                                          qint64 now, QString *event, QJsonObject *extra)
{
    const RoomState &old = room->room.state;
    next.waitingFor.clear();
    next.waitDeadlineMs = 0;
    if (!room->room.groupWait)
        return next;
    if (old.isWaiting() && action == QLatin1String("play")) {
        // The host chose not to wait: whoever is still not ready catches up alone.
        for (const QString &id : old.waitingFor)
            room->waitExcludedUntil.insert(id, now + m_ctx.config->groupWaitCooldownMs);
        extra->insert(QStringLiteral("reason"), QStringLiteral("host_started"));
        return next;
    }
    const bool keepWaiting =
        old.isWaiting() && (action == QLatin1String("seek") || action == QLatin1String("rate"));
    if (!next.playing && !keepWaiting)
        return next;
    const QStringList ids = keepWaiting ? old.waitingFor : WaitRule::holding(candidates(room), now);
    if (ids.isEmpty())
        return next;
    next.playing = false;
    next.serverTimeMs = now;
    next.waitingFor = ids;
    next.waitDeadlineMs = keepWaiting ? old.waitDeadlineMs : now + m_ctx.config->groupWaitTimeoutMs;
    *event = QStringLiteral("pause");
    *extra = waitFields(room, ids, QStringLiteral("group_wait"));
    return next;
}

void PlaybackSupervisor::memberReported(LiveRoom *room, const MemberRecord &member)
{
    if (member.userId == room->room.hostUserId && member.duration > 0
        && std::abs(member.duration - room->room.state.duration) > kDurationSlackS)
        learnDuration(room, member.duration);
    // Most reports change nothing: look at the whole room (every member) only when this one
    // may end a wait or start one, so a big room does not cost members² per presence period.
    const qint64 now = ServiceContext::now();
    if (room->room.state.isWaiting() || WaitRule::holdsPlayback(candidate(room, member), now))
        review(room, now);
}

void PlaybackSupervisor::review(LiveRoom *room)
{
    review(room, ServiceContext::now());
}

void PlaybackSupervisor::sweep()
{
    // Only what time alone changes: a wait's deadline (and members who went away meanwhile),
    // and a playing room reaching its end. A member starting to buffer arrives as a report.
    const qint64 now = ServiceContext::now();
    for (LiveRoom *room : m_ctx.live->all()) {
        const RoomState &s = room->room.state;
        if (s.isWaiting() || (s.playing && s.duration > 0))
            review(room, now, false);
    }
}

void PlaybackSupervisor::review(LiveRoom *room, qint64 now, bool lookForStalls)
{
    const RoomState &s = room->room.state;
    if (s.isWaiting()) {
        if (!room->room.groupWait) {
            resume(room, QStringLiteral("group_wait_off"), now);
            return;
        }
        const QStringList ids = stillWaiting(room, now);
        if (ids.isEmpty()) {
            resume(room, QStringLiteral("ready"), now);
        } else if (now >= s.waitDeadlineMs) {
            for (const QString &id : ids)
                room->waitExcludedUntil.insert(id, now + m_ctx.config->groupWaitCooldownMs);
            qCInfo(lcRooms) << "room" << room->room.roomId << "stopped waiting for" << ids;
            resume(room, QStringLiteral("timeout"), now);
        } else if (ids != s.waitingFor) {
            updateWait(room, ids);
        }
        return;
    }
    if (!s.playing)
        return;
    if (now >= s.serverTimeMs && s.endedAt(now)) {
        finish(room, now);
        return;
    }
    // A play scheduled a moment ahead has not begun: a member stalling now is stalling at the
    // play, and the room waits for it all the same.
    if (!room->room.groupWait || !lookForStalls)
        return;
    const QStringList ids = WaitRule::holding(candidates(room), now);
    if (!ids.isEmpty())
        beginWait(room, ids, now);
}

void PlaybackSupervisor::beginWait(LiveRoom *room, const QStringList &ids, qint64 now)
{
    RoomState next = room->room.state;
    next.position = next.expectedPosition(now);
    next.playing = false;
    next.serverTimeMs = now;
    next.seq += 1;
    next.waitingFor = ids;
    next.waitDeadlineMs = now + m_ctx.config->groupWaitTimeoutMs;
    qCInfo(lcRooms) << "room" << room->room.roomId << "waits at" << next.position << "for" << ids;
    m_publisher->publish(room, next,
                         {QStringLiteral("pause"),
                          QStringLiteral("group_wait"),
                          {},
                          {},
                          waitFields(room, ids, QStringLiteral("group_wait"))});
}

void PlaybackSupervisor::updateWait(LiveRoom *room, const QStringList &ids)
{
    RoomState next = room->room.state;
    next.seq += 1;
    next.waitingFor = ids;
    m_publisher->publish(room, next,
                         {QStringLiteral("state"),
                          QStringLiteral("group_wait"),
                          {},
                          {},
                          waitFields(room, ids, QStringLiteral("group_wait"))});
}

void PlaybackSupervisor::resume(LiveRoom *room, const QString &reason, qint64 now)
{
    RoomState next = room->room.state;
    next.playing = true;
    next.serverTimeMs = m_publisher->startTime(room, now);
    next.seq += 1;
    next.waitingFor.clear();
    next.waitDeadlineMs = 0;
    qCInfo(lcRooms) << "room" << room->room.roomId << "resumes at" << next.position << "(" << reason
                    << ")";
    m_publisher->publish(room, next,
                         {QStringLiteral("play"),
                          QStringLiteral("group_resume"),
                          {},
                          {},
                          {{QStringLiteral("reason"), reason}}});
}

void PlaybackSupervisor::finish(LiveRoom *room, qint64 now)
{
    RoomState next = room->room.state;
    next.position = next.duration;
    next.playing = false;
    next.serverTimeMs = now;
    next.seq += 1;
    qCInfo(lcRooms) << "room" << room->room.roomId << "reached the end of its video";
    m_publisher->publish(room, next,
                         {QStringLiteral("pause"),
                          QStringLiteral("ended"),
                          {},
                          {},
                          {{QStringLiteral("reason"), QStringLiteral("ended")}}});
    Q_EMIT videoEnded(room->room.roomId);
}

void PlaybackSupervisor::learnDuration(LiveRoom *room, double duration)
{
    const qint64 now = ServiceContext::now();
    RoomState next = room->room.state;
    // Rebased to now, so a room already past the new end is clamped from here on, not
    // retroactively.
    next.position = std::min(next.expectedPosition(now), duration);
    if (now > next.serverTimeMs)
        next.serverTimeMs = now;
    next.duration = duration;
    next.seq += 1;
    m_publisher->publish(room, next,
                         {QStringLiteral("state"),
                          QStringLiteral("duration"),
                          {},
                          {},
                          {{QStringLiteral("reason"), QStringLiteral("duration")}}});
}

} // namespace watchium::server
