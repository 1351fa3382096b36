#include "store/CommentStore.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace watchium::server {

namespace {

// Statements that splice these in are built once, in function statics: the statement cache is
// keyed by their text, which would otherwise be formatted again on every call.
const QString kColumns = QStringLiteral(
    "id, anime_id, episode_number, room_id, user_id, username, avatar_url, message, "
    "video_timestamp, parent_id, thread_id, is_system_message, is_anchor, idempotency_key, "
    "created_at, is_private");

// What a reader may see: public rooms' and roomless comments, and a private room's own
// comments when the reader is one of its members (`?` binds that room's id, or an empty
// string for nobody's).
const QLatin1StringView kVisible("(is_private = FALSE OR room_id = ?)");

CommentRecord fromQuery(const QSqlQuery &q)
{
    CommentRecord c;
    c.id = q.value(0).toLongLong();
    c.animeId = q.value(1).toString();
    c.episode = q.value(2).toLongLong();
    c.roomId = q.value(3).toString();
    c.userId = q.value(4).toString();
    c.username = q.value(5).toString();
    c.avatarUrl = q.value(6).toString();
    c.message = q.value(7).toString();
    if (!q.isNull(8))
        c.videoTimestamp = q.value(8).toDouble();
    if (!q.isNull(9))
        c.parentId = q.value(9).toLongLong();
    if (!q.isNull(10))
        c.threadId = q.value(10).toLongLong();
    c.isSystem = q.value(11).toBool();
    c.isAnchor = q.value(12).toBool();
    c.idempotencyKey = q.value(13).toString();
    c.createdAt = q.value(14).toLongLong();
    c.isPrivate = q.value(15).toBool();
    return c;
}

template<typename T> QVariant optionalValue(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}

QList<CommentRecord> readAll(QSqlQuery &q, const char *what)
{
    QList<CommentRecord> list;
    if (runQuery(q, what)) {
        while (q.next())
            list.append(fromQuery(q));
    }
    return list;
}

} // namespace

CommentStore::CommentStore(Database *db)
    : m_db(db)
{
}

std::optional<CommentRecord> CommentStore::insert(const CommentRecord &c, bool *duplicate)
{
    static const QString columns = QStringLiteral(
        "INSERT INTO comments (anime_id, episode_number, room_id, user_id, username, "
        "avatar_url, message, video_timestamp, parent_id, thread_id, is_system_message, "
        "is_anchor, idempotency_key, created_at, is_private) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ");
    static const QString plain = columns + QStringLiteral("RETURNING id");
    // A retry is found by the unique index rather than by a lookup before every insert: most
    // comments are no retry. Both SQLite and PostgreSQL name a partial index's predicate so.
    static const QString unlessRetried = columns
        + QStringLiteral("ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT "
                         "NULL DO NOTHING RETURNING id");
    const bool mayBeRetry = duplicate && !c.idempotencyKey.isEmpty();
    if (duplicate)
        *duplicate = false;
    Statement q = m_db->statement(mayBeRetry ? unlessRetried : plain);
    q.bind({c.animeId, c.episode, c.roomId.isEmpty() ? QVariant() : QVariant(c.roomId), c.userId,
            c.username, c.avatarUrl.isEmpty() ? QVariant() : QVariant(c.avatarUrl), c.message,
            optionalValue(c.videoTimestamp), optionalValue(c.parentId), optionalValue(c.threadId),
            c.isSystem, c.isAnchor,
            c.idempotencyKey.isEmpty() ? QVariant() : QVariant(c.idempotencyKey), c.createdAt,
            c.isPrivate});
    if (!runQuery(q, "insert comment"))
        return std::nullopt;
    if (!q->next()) {
        if (mayBeRetry)
            *duplicate = true;
        return std::nullopt;
    }
    CommentRecord inserted = c;
    inserted.id = q->value(0).toLongLong();
    return inserted;
}

std::optional<CommentRecord> CommentStore::find(qint64 id) const
{
    static const QString sql = QStringLiteral("SELECT %1 FROM comments WHERE id = ?").arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({id});
    if (!runQuery(q, "find comment") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

std::optional<CommentRecord> CommentStore::findByIdempotencyKey(const QString &userId,
                                                                const QString &key) const
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM comments WHERE user_id = ? AND idempotency_key = ?")
            .arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({userId, key});
    if (!runQuery(q, "find comment by idempotency key") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

std::optional<CommentRecord> CommentStore::findAnchor(const QString &animeId, qint64 episode) const
{
    static const QString sql = QStringLiteral("SELECT %1 FROM comments WHERE anime_id = ? AND "
                                              "episode_number = ? AND is_anchor = TRUE")
                                   .arg(kColumns);
    Statement q = m_db->statement(sql);
    q.bind({animeId, episode});
    if (!runQuery(q, "find anchor") || !q->next())
        return std::nullopt;
    return fromQuery(q);
}

std::optional<CommentRecord> CommentStore::anchor(const QString &animeId, qint64 episode,
                                                  const QString &animeTitle, qint64 now)
{
    if (auto existing = findAnchor(animeId, episode))
        return existing;
    CommentRecord a;
    a.animeId = animeId;
    a.episode = episode;
    a.userId = QStringLiteral("system");
    a.username = QStringLiteral("Watchium");
    const QString name = animeTitle.isEmpty() ? animeId : animeTitle;
    a.message = QStringLiteral("Episode %1 of %2: discussion thread").arg(episode).arg(name);
    a.isSystem = true;
    a.isAnchor = true;
    a.createdAt = now;
    // The unique index settles a race between two first comments: the loser
    // reads the winner's anchor.
    if (auto inserted = insert(a))
        return inserted;
    return findAnchor(animeId, episode);
}

std::optional<qint64> CommentStore::anchorId(const QString &animeId, qint64 episode,
                                             const QString &animeTitle, qint64 now)
{
    constexpr qsizetype kRemembered = 4096;
    const QString key = animeId + QLatin1Char(' ') + QString::number(episode);
    if (const auto it = m_anchorIds.constFind(key); it != m_anchorIds.cend())
        return *it;
    const auto found = anchor(animeId, episode, animeTitle, now);
    if (!found)
        return std::nullopt;
    // Inside a transaction the anchor may still be rolled back.
    if (!m_db->inWork()) {
        if (m_anchorIds.size() >= kRemembered)
            m_anchorIds.clear();
        m_anchorIds.insert(key, found->id);
    }
    return found->id;
}

CommentStore::ThreadPage CommentStore::threads(qint64 anchorId, int limit, int offset,
                                               const QString &memberOf) const
{
    ThreadPage page;
    static const QString countSql =
        QStringLiteral("SELECT COUNT(*) FROM comments WHERE parent_id = ? AND %1").arg(kVisible);
    Statement count = m_db->statement(countSql);
    count.bind({anchorId, memberOf});
    page.totalThreads =
        runQuery(count, "count threads") && count->next() ? count->value(0).toInt() : 0;
    static const QString topSql = QStringLiteral("SELECT %1 FROM comments WHERE parent_id = ? AND "
                                                 "%2 ORDER BY created_at, id LIMIT ? OFFSET ?")
                                      .arg(kColumns, kVisible);
    Statement top = m_db->statement(topSql);
    top.bind({anchorId, memberOf, limit, offset});
    page.topLevel = readAll(top, "list threads");
    if (page.topLevel.isEmpty())
        return page;
    const qint64 first = page.topLevel.constFirst().id;
    const qint64 last = page.topLevel.constLast().id;
    // Thread ids of one page are a contiguous id range only by accident, so
    // filter by membership after a range query bounded by the page's ids.
    static const QString repliesSql =
        QStringLiteral("SELECT %1 FROM comments WHERE thread_id BETWEEN ? AND ? AND %2 ORDER BY "
                       "created_at, id")
            .arg(kColumns, kVisible);
    Statement replies = m_db->statement(repliesSql);
    replies.bind({std::min(first, last), std::max(first, last), memberOf});
    QSet<qint64> ids;
    for (const CommentRecord &c : page.topLevel)
        ids.insert(c.id);
    for (const CommentRecord &c : readAll(replies, "list replies")) {
        if (c.threadId && ids.contains(*c.threadId))
            page.replies.append(c);
    }
    return page;
}

QJsonObject CommentStore::history(const HistoryFilter &f) const
{
    QStringList conditions {QStringLiteral("is_system_message = FALSE"), kVisible};
    QVariantList binds {f.memberOf};
    auto where = [&](const QString &condition, const QVariant &value) {
        conditions << condition;
        binds << value;
    };
    if (!f.animeId.isEmpty())
        where(QStringLiteral("anime_id = ?"), f.animeId);
    if (f.episode)
        where(QStringLiteral("episode_number = ?"), *f.episode);
    if (!f.roomId.isEmpty())
        where(QStringLiteral("room_id = ?"), f.roomId);
    if (!f.userId.isEmpty())
        where(QStringLiteral("user_id = ?"), f.userId);
    if (f.since > 0)
        where(QStringLiteral("created_at >= ?"), f.since);
    if (f.until > 0)
        where(QStringLiteral("created_at < ?"), f.until);
    const QString clause = conditions.join(QLatin1String(" AND "));

    auto grouped = [&](const QString &select, const QString &group, const QString &order) {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT %1, COUNT(*) FROM comments WHERE %2 GROUP BY %3 "
                                 "ORDER BY %4 LIMIT 500")
                      .arg(select, clause, group, order));
        for (const QVariant &v : binds)
            q.addBindValue(v);
        runQuery(q, "comment history");
        return q;
    };

    QJsonArray perEpisode;
    QSqlQuery e = grouped(QStringLiteral("anime_id, episode_number"),
                          QStringLiteral("anime_id, episode_number"),
                          QStringLiteral("anime_id, episode_number"));
    int total = 0;
    while (e.next()) {
        total += e.value(2).toInt();
        perEpisode.append(QJsonObject {{QStringLiteral("anime_id"), e.value(0).toString()},
                                       {QStringLiteral("episode_number"), e.value(1).toLongLong()},
                                       {QStringLiteral("count"), e.value(2).toInt()}});
    }
    QJsonArray perUser;
    QSqlQuery u = grouped(QStringLiteral("user_id, MAX(username)"), QStringLiteral("user_id"),
                          QStringLiteral("COUNT(*) DESC, user_id"));
    while (u.next()) {
        perUser.append(QJsonObject {{QStringLiteral("user_id"), u.value(0).toString()},
                                    {QStringLiteral("username"), u.value(1).toString()},
                                    {QStringLiteral("count"), u.value(2).toInt()}});
    }
    QJsonArray perBucket;
    // The bucket width is a validated integer, so it is formatted into the SQL
    // rather than bound twice (SELECT and GROUP BY).
    QSqlQuery buckets(m_db->connection());
    buckets.prepare(QStringLiteral("SELECT (created_at / %1) * %1 AS bucket, COUNT(*) FROM "
                                   "comments WHERE %2 GROUP BY bucket ORDER BY bucket LIMIT 1000")
                        .arg(f.bucketMs)
                        .arg(clause));
    for (const QVariant &v : binds)
        buckets.addBindValue(v);
    if (runQuery(buckets, "comment buckets")) {
        while (buckets.next()) {
            perBucket.append(QJsonObject {
                {QStringLiteral("bucket_start"), isoTime(buckets.value(0).toLongLong())},
                {QStringLiteral("count"), buckets.value(1).toInt()}});
        }
    }
    return {{QStringLiteral("total_comments"), total},
            {QStringLiteral("per_episode"), perEpisode},
            {QStringLiteral("per_user"), perUser},
            {QStringLiteral("per_bucket"), perBucket},
            {QStringLiteral("bucket_ms"), f.bucketMs}};
}

int CommentStore::count() const
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM comments"));
    return runQuery(q, "count comments") && q.next() ? q.value(0).toInt() : 0;
}

} // namespace watchium::server
