#include "rooms/StatePublisher.h"

#include "Logging.h"
#include "protocol/ErrorCodes.h"
#include "store/Transaction.h"

#include <QLoggingCategory>

#include <algorithm>

namespace watchium::server {

namespace {
// Margin over the slowest member's one-way delay: covers the member's own
// event-loop and player reaction time.
constexpr int kLeadMarginMs = 40;
} // namespace

StatePublisher::StatePublisher(ServiceContext context)
    : m_ctx(context)
{
}

int StatePublisher::leadMs(const LiveRoom *room) const
{
    double slowest = 0.0;
    for (auto it = room->oneWayDelayMs.cbegin(); it != room->oneWayDelayMs.cend(); ++it) {
        if (room->isOnline(it.key()))
            slowest = std::max(slowest, it.value());
    }
    const int lead = int(slowest) + kLeadMarginMs;
    return std::clamp(lead, m_ctx.config->controlLeadMinMs, m_ctx.config->controlLeadMaxMs);
}

StatePublisher::Result StatePublisher::publish(LiveRoom *room, const RoomState &next,
                                               const Change &change)
{
    const qint64 now = ServiceContext::now();
    const RoomState old = room->room.state;
    const TableRow oldRow = room->room.toRow();
    // The write and its announcement to other nodes commit together.
    Transaction work(m_ctx.db);
    const auto written = m_ctx.rooms->updateState(room->room.roomId, next, now, old.seq);
    if (written != RoomStore::Write::Done) {
        work.rollback();
        if (written == RoomStore::Write::Failed)
            return Result::Failed;
        qCInfo(lcRooms) << "room" << room->room.roomId << change.event
                        << "lost the race to another node's change of state" << old.seq;
        m_ctx.live->reloadRoom(room->room.roomId);
        return Result::Stale;
    }
    room->room.state = next;
    room->room.updatedAt = room->room.lastActivityAt = now;
    qCDebug(lcRooms) << "room" << room->room.roomId << change.event << "at" << next.position
                     << "from" << next.serverTimeMs << "waiting for" << next.waitingFor;

    // The event first: it is what members' players act on, and in a big room every frame
    // sent before it (the row change, ~1.9 KB to each subscriber) delays it for the last member.
    m_ctx.events->roomBroadcast(room->room.roomId, change.event,
                                announcement(room, next, change, now));
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Update,
                              room->room.toRow(), oldRow);
    // History only: nobody waits for it.
    // The column is NOT NULL: a change the server made itself has an empty author.
    const QString by = change.userId.isNull() ? QStringLiteral("") : change.userId;
    m_ctx.syncStates->insert(room->room.roomId, by,
                             change.action.isEmpty() ? change.event : change.action, next, now);
    // Without a transaction (the store could not begin one) every write above stands alone.
    if (work.isOpen() && !work.commit()) {
        m_ctx.live->reloadRoom(room->room.roomId);
        return Result::Failed;
    }
    return Result::Published;
}

QJsonObject StatePublisher::announcement(const LiveRoom *room, const RoomState &state,
                                         const Change &change, qint64 now)
{
    QJsonObject event = state.toJson();
    event.insert(QStringLiteral("action"), change.action.isEmpty() ? change.event : change.action);
    event.insert(QStringLiteral("current_time"), state.position);
    event.insert(QStringLiteral("is_playing"), state.playing);
    event.insert(QStringLiteral("playback_rate"), state.rate);
    event.insert(QStringLiteral("user_id"), change.userId);
    event.insert(QStringLiteral("username"), change.username);
    event.insert(QStringLiteral("room_id"), room->room.roomId);
    event.insert(QStringLiteral("timestamp"), now);
    for (auto it = change.extra.begin(); it != change.extra.end(); ++it)
        event.insert(it.key(), it.value());
    return event;
}

Outcome StatePublisher::failure(Result result)
{
    if (result == Result::Stale) {
        return Outcome::failure(409, protocol::errors::kStateConflict,
                                QStringLiteral("the room changed at the same moment (on another "
                                               "server node); look at its state and try again"));
    }
    return Outcome::failure(500, protocol::errors::kStoreError,
                            QStringLiteral("the playback state could not be saved"));
}

RoomState StatePublisher::freshStart(LiveRoom *room, qint64 now)
{
    RoomState next;
    next.rate = room->room.state.rate;
    next.serverTimeMs = now;
    next.seq = room->room.state.seq + 1;
    for (MemberRecord &m : room->members)
        m.duration = 0;
    room->waitExcludedUntil.clear();
    // The host's own file, kept for late joiners, was the old video's; the store clears its
    // columns with the video's (RoomStore::updateVideo, QueueStore::advance).
    room->room.media = {};
    return next;
}

} // namespace watchium::server
