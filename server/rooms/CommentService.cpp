#include "rooms/CommentService.h"

#include "store/Transaction.h"

#include "domain/Validation.h"
#include "protocol/ErrorCodes.h"

#include <QJsonArray>

namespace watchium::server {

using validation::Fields;

namespace {
constexpr int kIdempotencyKeyMax = 64;
constexpr int kPageMax = 100;

Outcome invalid(const Fields &f)
{
    return Outcome::failure(400, protocol::errors::kInvalidRequest, f.errorMessage());
}
} // namespace

CommentService::CommentService(ServiceContext context)
    : m_ctx(context)
{
}

std::optional<CommentRecord> CommentService::publish(const CommentRecord &comment, bool *duplicate)
{
    // The row and its announcement to other server nodes commit together.
    Transaction work(m_ctx.db);
    const auto inserted = m_ctx.comments->insert(comment, duplicate);
    if (!inserted)
        return std::nullopt;
    const TableRow row = inserted->toRow();
    m_ctx.events->tableChange(QStringLiteral("comments"), RoomEvents::ChangeType::Insert, row, {});
    if (!inserted->roomId.isEmpty())
        m_ctx.events->roomBroadcast(inserted->roomId, QStringLiteral("new_comment"), row.record);
    if (work.isOpen() && !work.commit())
        return std::nullopt;
    return inserted;
}

std::optional<CommentService::EarlierTry>
CommentService::earlierTry(const QString &userId, const QString &key, const QString &roomId,
                           const QString &animeId, int episode) const
{
    const auto existing = m_ctx.comments->findByIdempotencyKey(userId, key);
    if (!existing)
        return std::nullopt;
    // A retry comes from where the first try did. Anyone else naming that user_id and key
    // learns nothing of the comment (it may be a private room's).
    if (existing->roomId != roomId)
        return EarlierTry {Outcome::failure(409, QStringLiteral("idempotency_key_used"),
                                            QStringLiteral("idempotency_key was already used "
                                                           "for another comment")),
                           false};
    return EarlierTry {Outcome::success({{QStringLiteral("comment"), existing->toRow().record},
                                         {QStringLiteral("duplicate"), true}}),
                       existing->animeId == animeId && existing->episode == episode};
}

Outcome CommentService::create(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.has(QStringLiteral("room_id")) ? f.roomId() : QString();
    QString animeId = f.text(QStringLiteral("anime_id"), validation::kAnimeIdMax, true);
    auto episode = f.integer(QStringLiteral("episode_number"), 1, validation::kEpisodeMax, true);
    QString userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    QString username = f.text(QStringLiteral("username"), validation::kUsernameMax, true);
    QString avatarUrl = f.httpUrl(QStringLiteral("avatar_url"), true);
    const QString message = f.text(QStringLiteral("message"), validation::kMessageMax, false, true);
    const auto videoTimestamp =
        f.number(QStringLiteral("video_timestamp"), 0, validation::kMaxVideoSeconds, true);
    const auto parentId =
        f.integer(QStringLiteral("parent_id"), 1, std::numeric_limits<qint32>::max(), true);
    const QString idempotencyKey =
        f.text(QStringLiteral("idempotency_key"), kIdempotencyKeyMax, true);
    if (!f.ok())
        return invalid(f);

    QString animeTitle;
    bool isPrivate = false;
    if (!roomId.isEmpty()) {
        // Inside a room the token proves who is writing, and the room fixes
        // the episode.
        const auto auth = m_ctx.live->authenticate(caller.token, roomId, userId);
        if (const auto *error = std::get_if<ApiError>(&auth))
            return Outcome::failure(*error);
        const auto member = std::get<LiveRooms::Member>(auth);
        const RoomRecord &room = member.room->room;
        if ((!animeId.isEmpty() && animeId != room.animeId)
            || (episode && *episode != room.episode))
            return Outcome::failure(400, protocol::errors::kInvalidRequest,
                                    QStringLiteral("anime_id and episode_number must match the "
                                                   "room's episode"));
        animeId = room.animeId;
        episode = room.episode;
        animeTitle = room.animeTitle;
        isPrivate = !room.isPublic;
        userId = member.member->userId;
        if (username.isEmpty())
            username = member.member->username;
        if (avatarUrl.isEmpty())
            avatarUrl = member.member->avatarUrl;
    } else if (animeId.isEmpty() || !episode || userId.isEmpty() || username.isEmpty()) {
        return Outcome::failure(400, protocol::errors::kInvalidRequest,
                                QStringLiteral("anime_id, episode_number, user_id and username "
                                               "are required outside a room"));
    }
    if (username.isEmpty())
        return Outcome::failure(400, protocol::errors::kInvalidRequest,
                                QStringLiteral("username: is required"));

    const QString budget = roomId.isEmpty() ? ServiceContext::claimedKey(userId, caller.ip)
                                            : ServiceContext::memberKey(roomId, userId);
    if (auto limited = m_ctx.limit(RateLimiter::Kind::Comments, budget, caller.ip)) {
        // A retry of a comment already saved still gets its answer.
        if (!idempotencyKey.isEmpty()) {
            if (auto earlier = earlierTry(userId, idempotencyKey, roomId, animeId, *episode))
                return earlier->answer;
        }
        return Outcome::failure(*limited);
    }

    const qint64 now = ServiceContext::now();
    const auto anchor = m_ctx.comments->anchorId(animeId, *episode, animeTitle, now);
    if (!anchor)
        return Outcome::failure(500, protocol::errors::kStoreError,
                                QStringLiteral("could not open the episode thread"));
    CommentRecord c;
    c.animeId = animeId;
    c.episode = *episode;
    c.roomId = roomId;
    c.userId = userId;
    c.username = username;
    c.avatarUrl = avatarUrl;
    c.message = message;
    c.videoTimestamp = videoTimestamp;
    c.idempotencyKey = idempotencyKey;
    c.createdAt = now;
    c.isPrivate = isPrivate;
    c.parentId = *anchor;
    if (parentId && *parentId != *anchor) {
        const auto parent = m_ctx.comments->find(*parentId);
        // A private room's comment is not there for anyone outside the room, not even to reply to.
        if (!parent || parent->animeId != animeId || parent->episode != *episode
            || (parent->isPrivate && parent->roomId != roomId))
            return Outcome::failure(404, QStringLiteral("parent_not_found"),
                                    QStringLiteral("parent_id is not a comment of this episode"));
        c.parentId = parent->id;
        c.threadId = parent->threadId ? *parent->threadId : parent->id;
    }
    bool duplicate = false;
    const auto inserted = publish(c, &duplicate);
    if (!inserted) {
        if (duplicate) {
            if (auto earlier = earlierTry(userId, idempotencyKey, roomId, animeId, *episode)) {
                // A retry costs its sender nothing: the budget is for comments, and this one
                // was saved (and counted) at its first try. Only a true retry: the same key
                // sent for other episodes would open their threads beyond the limit.
                if (earlier->sameComment)
                    m_ctx.refund(RateLimiter::Kind::Comments, budget, caller.ip);
                return earlier->answer;
            }
        }
        return Outcome::failure(500, protocol::errors::kStoreError,
                                QStringLiteral("the comment could not be saved"));
    }
    return Outcome::success({{QStringLiteral("comment"), inserted->toRow().record}});
}

QString CommentService::memberOf(const QString &roomId, const Caller &caller) const
{
    if (roomId.isEmpty() || caller.token.isEmpty())
        return {};
    const auto auth = m_ctx.live->authenticate(caller.token, roomId);
    return std::holds_alternative<LiveRooms::Member>(auth) ? roomId : QString();
}

Outcome CommentService::byEpisode(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    const QString roomId = f.has(QStringLiteral("room_id")) ? f.roomId() : QString();
    const QString animeId = f.text(QStringLiteral("anime_id"), validation::kAnimeIdMax);
    const auto episode = f.integer(QStringLiteral("episode_number"), 1, validation::kEpisodeMax);
    // Accepted for older clients; a read never names (or creates) the episode's thread.
    f.text(QStringLiteral("anime_title"), validation::kTitleMax, true);
    const int limit = int(f.integer(QStringLiteral("limit"), 1, kPageMax, true).value_or(50));
    const int offset = int(f.integer(QStringLiteral("offset"), 0, 1000000, true).value_or(0));
    if (!f.ok())
        return invalid(f);
    // The thread exists once a room shows the episode or someone comments on it. Reads only
    // read: anyone may call this, and a read that wrote would let them fill the store.
    const auto anchor = m_ctx.comments->findAnchor(animeId, *episode);
    if (!anchor)
        return Outcome::success({{QStringLiteral("anchor"), QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("threads"), QJsonArray {}},
                                 {QStringLiteral("total_threads"), 0},
                                 {QStringLiteral("limit"), limit},
                                 {QStringLiteral("offset"), offset}});
    const CommentStore::ThreadPage page =
        m_ctx.comments->threads(anchor->id, limit, offset, memberOf(roomId, caller));
    QHash<qint64, QJsonArray> repliesByThread;
    for (const CommentRecord &r : page.replies)
        repliesByThread[*r.threadId].append(r.toRow().record);
    QJsonArray threads;
    for (const CommentRecord &c : page.topLevel) {
        QJsonObject thread = c.toRow().record;
        thread.insert(QStringLiteral("replies"), repliesByThread.value(c.id));
        threads.append(thread);
    }
    return Outcome::success({{QStringLiteral("anchor"), anchor->toRow().record},
                             {QStringLiteral("threads"), threads},
                             {QStringLiteral("total_threads"), page.totalThreads},
                             {QStringLiteral("limit"), limit},
                             {QStringLiteral("offset"), offset}});
}

Outcome CommentService::history(const QJsonObject &body, const Caller &caller)
{
    Fields f(body);
    CommentStore::HistoryFilter filter;
    filter.animeId = f.text(QStringLiteral("anime_id"), validation::kAnimeIdMax, true);
    filter.episode = f.integer(QStringLiteral("episode_number"), 1, validation::kEpisodeMax, true);
    filter.roomId = f.has(QStringLiteral("room_id")) ? f.roomId() : QString();
    filter.userId = f.text(QStringLiteral("user_id"), validation::kUserIdMax, true);
    constexpr qint64 kFarFuture = 32503680000000; // year 3000, in ms
    filter.since = f.integer(QStringLiteral("since_ms"), 0, kFarFuture, true).value_or(0);
    filter.until = f.integer(QStringLiteral("until_ms"), 0, kFarFuture, true).value_or(0);
    const QString bucket = f.text(QStringLiteral("bucket"), 10, true);
    if (!f.ok())
        return invalid(f);
    static const QHash<QString, qint64> kBuckets {{QStringLiteral("minute"), 60 * 1000},
                                                  {QStringLiteral("hour"), 3600 * 1000},
                                                  {QStringLiteral("day"), 24 * 3600 * 1000}};
    if (!bucket.isEmpty() && !kBuckets.contains(bucket))
        return Outcome::failure(400, protocol::errors::kInvalidRequest,
                                QStringLiteral("bucket: must be minute, hour or day"));
    filter.bucketMs = kBuckets.value(bucket.isEmpty() ? QStringLiteral("hour") : bucket);
    filter.memberOf = memberOf(filter.roomId, caller);
    return Outcome::success(m_ctx.comments->history(filter));
}

void CommentService::openThread(const RoomRecord &room)
{
    m_ctx.comments->anchor(room.animeId, room.episode, room.animeTitle, ServiceContext::now());
}

} // namespace watchium::server
