#include "rooms/QueueService.h"

#include "domain/Validation.h"
#include "Logging.h"
#include "protocol/ErrorCodes.h"
#include "rooms/CommentService.h"
#include "rooms/StatePublisher.h"
#include "store/QueueStore.h"

#include <QLoggingCategory>
#include <QTimer>

#include <limits>

namespace watchium::server {

using validation::Fields;

namespace {

const QString kAdd = QStringLiteral("queue_add");
const QString kMove = QStringLiteral("queue_move");
const QString kRemove = QStringLiteral("queue_remove");
const QString kNext = QStringLiteral("queue_next");
const QString kAutoAdvance = QStringLiteral("auto_advance");
const QString kCancel = QStringLiteral("advance_cancel");

Outcome invalid(const QString &message)
{
    return Outcome::failure(400, protocol::errors::kInvalidRequest, message);
}

Outcome storeError()
{
    return Outcome::failure(500, protocol::errors::kStoreError,
                            QStringLiteral("the queue could not be saved"));
}

} // namespace

QueueService::QueueService(ServiceContext context, QueueStore *store, StatePublisher *publisher,
                           CommentService *comments, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_store(store)
    , m_publisher(publisher)
    , m_comments(comments)
{
}

bool QueueService::handles(const QString &action)
{
    return action == kAdd || action == kMove || action == kRemove || action == kNext
        || action == kAutoAdvance || action == kCancel;
}

RoomQueue *QueueService::queueOf(LiveRoom *room)
{
    if (!room->queue)
        room->queue = m_store->load(room->room.roomId);
    return room->queue ? &*room->queue : nullptr;
}

QJsonValue QueueService::snapshot(LiveRoom *room)
{
    const RoomQueue *queue = queueOf(room);
    return queue ? QJsonValue(queue->toJson()) : QJsonValue(QJsonValue::Null);
}

Outcome QueueService::control(LiveRoom *room, const MemberRecord &host, const QJsonObject &body,
                              const QString &ip)
{
    const QString action = body.value(QLatin1String("action")).toString();
    if (auto limited = m_ctx.limit(RateLimiter::Kind::SyncControl,
                                   ServiceContext::memberKey(room->room.roomId, host.userId), ip))
        return Outcome::failure(*limited);
    RoomQueue *queue = queueOf(room);
    if (!queue)
        return Outcome::failure(500, protocol::errors::kStoreError,
                                QStringLiteral("the queue could not be read"));
    if (action == kAdd)
        return add(room, *queue, body);
    if (action == kMove)
        return move(room, *queue, body);
    if (action == kRemove)
        return remove(room, *queue, body);
    if (action == kNext)
        return advance(room, *queue, host.userId, host.username);
    if (action == kAutoAdvance)
        return setAutoAdvance(room, *queue, body);
    stopCountdown(room, *queue, QStringLiteral("cancelled"));
    return reply(room, *queue);
}

Outcome QueueService::add(LiveRoom *room, RoomQueue &queue, const QJsonObject &body)
{
    Fields f(body);
    const auto episode = f.integer(QStringLiteral("episode_number"), 1, validation::kEpisodeMax);
    const QString title = f.text(QStringLiteral("title"), validation::kTitleMax, true);
    // An empty URL is an episode everyone plays from their own files.
    const QJsonValue url = body.value(QLatin1String("video_url"));
    const bool ownFiles = url.isString() && url.toString().isEmpty();
    const QString videoUrl = ownFiles ? QString() : f.httpUrl(QStringLiteral("video_url"));
    if (!f.ok())
        return invalid(f.errorMessage()
                       + (f.errorField() == QLatin1String("video_url")
                              ? QStringLiteral(" (or \"\" for everyone's own files)")
                              : QString()));
    if (queue.entries.size() >= RoomQueue::kMaxEntries)
        return Outcome::failure(
            409, QStringLiteral("queue_full"),
            QStringLiteral("the queue holds at most %1 episodes").arg(RoomQueue::kMaxEntries));
    QList<QueueEntry> entries = queue.entries;
    entries.append({queue.nextId(ServiceContext::now()), *episode, title, videoUrl});
    if (!saveEntries(room, entries))
        return storeError();
    queue.entries = entries;
    announce(room, queue);
    return reply(room, queue);
}

Outcome QueueService::move(LiveRoom *room, RoomQueue &queue, const QJsonObject &body)
{
    Fields f(body);
    const auto id = f.integer(QStringLiteral("entry_id"), 1, std::numeric_limits<qint64>::max());
    const auto to = f.integer(QStringLiteral("position"), 0, RoomQueue::kMaxEntries - 1);
    if (!f.ok())
        return invalid(f.errorMessage());
    RoomQueue next = queue;
    if (!next.move(*id, int(*to)))
        return Outcome::failure(404, QStringLiteral("entry_not_found"),
                                QStringLiteral("no entry %1 in the queue").arg(*id));
    if (!saveEntries(room, next.entries))
        return storeError();
    queue.entries = next.entries;
    announce(room, queue);
    return reply(room, queue);
}

Outcome QueueService::remove(LiveRoom *room, RoomQueue &queue, const QJsonObject &body)
{
    Fields f(body);
    const auto id = f.integer(QStringLiteral("entry_id"), 1, std::numeric_limits<qint64>::max());
    if (!f.ok())
        return invalid(f.errorMessage());
    RoomQueue next = queue;
    if (!next.remove(*id))
        return Outcome::failure(404, QStringLiteral("entry_not_found"),
                                QStringLiteral("no entry %1 in the queue").arg(*id));
    if (!saveEntries(room, next.entries))
        return storeError();
    queue.entries = next.entries;
    if (queue.entries.isEmpty())
        stopCountdown(room, queue, QStringLiteral("queue_empty"));
    announce(room, queue);
    return reply(room, queue);
}

Outcome QueueService::setAutoAdvance(LiveRoom *room, RoomQueue &queue, const QJsonObject &body)
{
    Fields f(body);
    const auto enabled = f.boolean(QStringLiteral("enabled"));
    if (!f.ok())
        return invalid(f.errorMessage());
    if (*enabled != queue.autoAdvance) {
        if (!m_store->setAutoAdvance(room->room.roomId, *enabled, ServiceContext::now()))
            return storeError();
        queue.autoAdvance = *enabled;
        if (!*enabled)
            stopCountdown(room, queue, QStringLiteral("auto_advance_off"));
        announce(room, queue);
    }
    return reply(room, queue);
}

Outcome QueueService::advance(LiveRoom *room, RoomQueue &queue, const QString &userId,
                              const QString &username)
{
    if (queue.entries.isEmpty())
        return Outcome::failure(409, QStringLiteral("queue_empty"),
                                QStringLiteral("the queue is empty: add an episode first"));
    const QueueEntry entry = queue.entries.constFirst();
    const QList<QueueEntry> remaining = queue.entries.mid(1);
    const QString roomId = room->room.roomId;
    const qint64 now = ServiceContext::now();
    if (!m_store->advance(roomId, remaining, entry.episode, entry.videoUrl, now))
        return storeError();
    stopCountdown(room, queue, QStringLiteral("advanced"));
    const TableRow oldRow = room->room.toRow();
    room->room.episode = entry.episode;
    room->room.videoUrl = entry.videoUrl;
    queue.entries = remaining;
    m_comments->openThread(room->room);
    const RoomState next = StatePublisher::freshStart(room, now);
    qCInfo(lcRooms) << "room" << roomId << "moves to episode" << entry.episode
                    << (userId.isEmpty() ? "(auto-advance)" : "");
    const QJsonObject extra {{QStringLiteral("reason"), QStringLiteral("episode_changed")},
                             {QStringLiteral("episode_number"), entry.episode},
                             {QStringLiteral("video_url"), entry.videoUrl}};
    const auto published = m_publisher->publish(
        room, next, {QStringLiteral("pause"), QStringLiteral("episode"), userId, username, extra});
    if (published != StatePublisher::Result::Published)
        return StatePublisher::failure(published);
    // After the state, so a client that reloads on this event already holds where to start.
    m_ctx.events->roomBroadcast(
        roomId, QStringLiteral("episode_changed"),
        {{QStringLiteral("room_id"), roomId},
         {QStringLiteral("anime_id"), room->room.animeId},
         {QStringLiteral("episode_number"), entry.episode},
         {QStringLiteral("title"), entry.title},
         {QStringLiteral("video_url"), entry.videoUrl},
         {QStringLiteral("state"), next.toJson()},
         {QStringLiteral("user_id"), userId.isEmpty() ? QJsonValue() : QJsonValue(userId)},
         {QStringLiteral("username"), username.isEmpty() ? QJsonValue() : QJsonValue(username)}});
    announce(room, queue);
    m_ctx.events->tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Update,
                              room->room.toRow(), oldRow);
    return reply(room, queue);
}

void QueueService::videoEnded(const QString &roomId)
{
    LiveRoom *room = m_ctx.live->get(roomId);
    RoomQueue *queue = room ? queueOf(room) : nullptr;
    if (!queue || !queue->autoAdvance || queue->entries.isEmpty() || queue->advanceAtMs > 0)
        return;
    startCountdown(room, *queue);
}

void QueueService::startCountdown(LiveRoom *room, RoomQueue &queue)
{
    const QString roomId = room->room.roomId;
    const int delayMs = m_ctx.config->autoAdvanceCountdownMs;
    queue.advanceAtMs = ServiceContext::now() + delayMs;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    // Everyone was shown this instant: never a coarse timer's few percent early.
    timer->setTimerType(Qt::PreciseTimer);
    connect(timer, &QTimer::timeout, this, [this, roomId] { countdownEnded(roomId); });
    timer->start(delayMs);
    m_countdowns.insert(roomId, timer);
    qCInfo(lcRooms) << "room" << roomId << "advances in" << delayMs << "ms";
    m_ctx.events->roomBroadcast(roomId, QStringLiteral("advance_countdown"),
                                {{QStringLiteral("room_id"), roomId},
                                 {QStringLiteral("advance_at"), queue.advanceAtMs},
                                 {QStringLiteral("next"), queue.entries.constFirst().toJson()},
                                 {QStringLiteral("reason"), QStringLiteral("ended")}});
}

void QueueService::stopCountdown(LiveRoom *room, RoomQueue &queue, const QString &reason)
{
    const QString roomId = room->room.roomId;
    if (QTimer *timer = m_countdowns.take(roomId))
        timer->deleteLater();
    if (queue.advanceAtMs == 0)
        return;
    queue.advanceAtMs = 0;
    qCInfo(lcRooms) << "room" << roomId << "stops its countdown (" << reason << ")";
    m_ctx.events->roomBroadcast(roomId, QStringLiteral("advance_countdown"),
                                {{QStringLiteral("room_id"), roomId},
                                 {QStringLiteral("advance_at"), QJsonValue::Null},
                                 {QStringLiteral("reason"), reason}});
}

void QueueService::countdownEnded(const QString &roomId)
{
    if (QTimer *timer = m_countdowns.take(roomId))
        timer->deleteLater();
    LiveRoom *room = m_ctx.live->get(roomId);
    RoomQueue *queue = room ? queueOf(room) : nullptr;
    if (!queue)
        return;
    // The host played on (or went back) during the countdown: this episode is not over.
    if (room->room.state.playing) {
        stopCountdown(room, *queue, QStringLiteral("resumed"));
        return;
    }
    const Outcome outcome = advance(room, *queue, {}, {});
    if (!outcome.ok) {
        qCWarning(lcRooms) << "room" << roomId << "could not auto-advance:" << outcome.error.code;
        stopCountdown(room, *queue, outcome.error.code);
    }
}

bool QueueService::saveEntries(LiveRoom *room, const QList<QueueEntry> &entries)
{
    return m_store->replace(room->room.roomId, entries);
}

void QueueService::announce(LiveRoom *room, const RoomQueue &queue)
{
    m_ctx.events->roomBroadcast(room->room.roomId, QStringLiteral("queue_changed"),
                                {{QStringLiteral("room_id"), room->room.roomId},
                                 {QStringLiteral("queue"), queue.toJson()}});
}

Outcome QueueService::reply(LiveRoom *room, const RoomQueue &queue) const
{
    return Outcome::success({{QStringLiteral("queue"), queue.toJson()},
                             {QStringLiteral("state"), room->room.state.toJson()},
                             {QStringLiteral("room"), room->room.toRow().record},
                             {QStringLiteral("server_time"), ServiceContext::now()}});
}

} // namespace watchium::server
