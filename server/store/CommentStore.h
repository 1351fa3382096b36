#pragma once

#include "store/Database.h"
#include "store/Records.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace watchium::server {

// The `comments` table: episode threads that outlive rooms.
class CommentStore
{
public:
    explicit CommentStore(Database *db);

    // With `duplicate`, a comment whose user already used its idempotency key is not inserted
    // and *duplicate says so (then it returns nothing, as on a failure).
    std::optional<CommentRecord> insert(const CommentRecord &comment, bool *duplicate = nullptr);
    std::optional<CommentRecord> find(qint64 id) const;
    std::optional<CommentRecord> findByIdempotencyKey(const QString &userId,
                                                      const QString &key) const;
    std::optional<CommentRecord> findAnchor(const QString &animeId, qint64 episode) const;
    // The episode's persistent anchor message, created on first use.
    std::optional<CommentRecord> anchor(const QString &animeId, qint64 episode,
                                        const QString &animeTitle, qint64 now);
    // Its id, remembered: every comment names it, and an anchor is never deleted.
    std::optional<qint64> anchorId(const QString &animeId, qint64 episode,
                                   const QString &animeTitle, qint64 now);

    struct ThreadPage
    {
        QList<CommentRecord> topLevel; // oldest first
        QList<CommentRecord> replies; // of those threads, oldest first
        int totalThreads = 0;
    };
    // Only what a reader may see: `memberOf` is the private room whose comments the reader
    // may see as one of its members (empty: none).
    ThreadPage threads(qint64 anchorId, int limit, int offset, const QString &memberOf) const;

    struct HistoryFilter
    {
        QString animeId;
        std::optional<qint64> episode;
        QString roomId;
        QString userId;
        qint64 since = 0;
        qint64 until = 0;
        qint64 bucketMs = 3600 * 1000;
        QString memberOf; // as for threads()
    };
    // Counts per episode, per user and per time bucket (system messages excluded).
    QJsonObject history(const HistoryFilter &filter) const;
    int count() const;

private:
    Database *m_db;
    // By "anime_id episode". Bounded: anyone may comment on any episode id outside a room.
    QHash<QString, qint64> m_anchorIds;
};

} // namespace watchium::server
