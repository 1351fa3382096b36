#include "rooms/HostAuthority.h"

#include "Logging.h"
#include "store/Transaction.h"

#include <QLoggingCategory>
#include <QTimer>

namespace watchium::server {

HostAuthority::HostAuthority(ServiceContext context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
}

void HostAuthority::forget(const QString &roomId)
{
    delete m_graceTimers.take(roomId);
}

QString HostAuthority::successor(const LiveRoom *room) const
{
    const MemberRecord *best = nullptr;
    bool bestOnline = false;
    for (const MemberRecord &m : room->members) {
        if (m.userId == room->room.hostUserId)
            continue;
        const bool online = room->isOnline(m.userId);
        const bool earlier = best
            && (m.joinedAt < best->joinedAt || (m.joinedAt == best->joinedAt && m.id < best->id));
        if (!best || (online && !bestOnline) || (online == bestOnline && earlier)) {
            best = &m;
            bestOnline = online;
        }
    }
    return best ? best->userId : QString();
}

void HostAuthority::transfer(LiveRoom *room, const QString &newHostId, const QString &reason)
{
    MemberRecord *next = room->member(newHostId);
    if (!next)
        return;
    const QString roomId = room->room.roomId;
    const QString previous = room->room.hostUserId;
    const TableRow oldRoom = room->room.toRow();
    const qint64 now = ServiceContext::now();
    // The role moves only from the host this decision saw: another server node may have passed
    // it already, and then its choice stands. The rows and the announcements commit together.
    Transaction work(m_ctx.db);
    const auto written =
        m_ctx.rooms->updateHost(roomId, next->userId, next->username, now, previous);
    if (written != RoomStore::Write::Done) {
        work.rollback();
        qCInfo(lcRooms) << "room" << roomId << "host not passed from" << previous << "to"
                        << newHostId
                        << (written == RoomStore::Write::Stale ? "(another node passed it first)"
                                                               : "(the store refused)");
        m_ctx.live->reloadRoom(roomId);
        m_ctx.live->reloadMember(roomId, previous);
        m_ctx.live->reloadMember(roomId, newHostId);
        return;
    }
    if (MemberRecord *old = room->member(previous)) {
        const TableRow before = old->toRow();
        old->isHost = false;
        m_ctx.members->setHost(roomId, previous, false);
        m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Update,
                                  old->toRow(), before);
    }
    const TableRow before = next->toRow();
    next->isHost = true;
    m_ctx.members->setHost(roomId, newHostId, true);
    room->room.hostUserId = next->userId;
    room->room.hostUsername = next->username;
    room->room.updatedAt = room->room.lastActivityAt = now;
    forget(roomId);
    qCInfo(lcRooms) << "room" << roomId << "host passed from" << previous << "to" << newHostId
                    << "(" << reason << ")";
    m_ctx.events->tableChange(QStringLiteral("room_members"), RoomEvents::ChangeType::Update,
                              next->toRow(), before);
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Update,
                              room->room.toRow(), oldRoom);
    m_ctx.events->roomBroadcast(roomId, QStringLiteral("new_host"),
                                {{QStringLiteral("user_id"), next->userId},
                                 {QStringLiteral("username"), next->username},
                                 {QStringLiteral("previous_host_user_id"), previous},
                                 {QStringLiteral("reason"), reason}});
    work.commit();
}

void HostAuthority::hostDisconnected(const QString &roomId)
{
    if (m_graceTimers.contains(roomId))
        return;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(m_ctx.config->hostGraceMs);
    connect(timer, &QTimer::timeout, this, [this, roomId] { graceExpired(roomId); });
    m_graceTimers.insert(roomId, timer);
    timer->start();
}

void HostAuthority::graceExpired(const QString &roomId)
{
    if (QTimer *timer = m_graceTimers.take(roomId))
        timer->deleteLater();
    LiveRoom *room = m_ctx.live->get(roomId);
    if (!room || room->isOnline(room->room.hostUserId))
        return;
    const QString next = successor(room);
    // Hand over only to someone who is watching; an empty room keeps its host.
    if (!next.isEmpty() && room->isOnline(next))
        transfer(room, next, QStringLiteral("host_disconnected"));
}

} // namespace watchium::server
