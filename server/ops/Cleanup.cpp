#include "ops/Cleanup.h"

#include "rooms/RoomService.h"
#include "store/KeyGuessStore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCleanup, "watchium.cleanup")

namespace watchium::server {

Cleanup::Cleanup(ServiceContext context, RoomService *rooms, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_rooms(rooms)
{
    connect(&m_timer, &QTimer::timeout, this, [this] { runOnce(); });
}

void Cleanup::start()
{
    runOnce();
    m_timer.start(m_ctx.config->cleanupIntervalMs);
}

Cleanup::Report Cleanup::runOnce()
{
    Report report;
    const qint64 now = ServiceContext::now();
    // Presence not yet written would make live members look stale.
    m_ctx.live->flushPresence();

    for (const QString &roomId : m_ctx.rooms->idleSince(now - m_ctx.config->roomIdleMs)) {
        LiveRoom *room = m_ctx.live->get(roomId);
        if (room && !room->connections.isEmpty())
            continue; // someone is watching: not idle, whatever the clock says
        m_rooms->closeRoom(roomId, QStringLiteral("idle"));
        ++report.rooms;
    }
    report.syncStates = m_ctx.syncStates->deleteOlderThan(now - m_ctx.config->syncStateRetentionMs);
    for (const auto &[roomId, userId] :
         m_ctx.members->staleSince(now - m_ctx.config->staleMemberMs)) {
        LiveRoom *room = m_ctx.live->get(roomId);
        if (!room || room->isOnline(userId))
            continue;
        m_rooms->removeMember(room, userId, QStringLiteral("stale"));
        ++report.members;
    }
    m_ctx.limiter->prune(now);
    if (m_ctx.keyGuesses) {
        m_ctx.keyGuesses->deleteOlderThan(
            now - RateLimiter::defaultRule(RateLimiter::Kind::KeyAttempts).windowMs);
    }
    if (report.rooms || report.syncStates || report.members) {
        qCInfo(lcCleanup) << "removed" << report.rooms << "idle rooms," << report.syncStates
                          << "old sync states," << report.members << "stale members";
    }
    Q_EMIT finished(report.rooms, report.syncStates, report.members);
    return report;
}

} // namespace watchium::server
