#pragma once

#include "store/Database.h"
#include "store/Records.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace watchium::server {

// The `comments` table: episode threads that outlive rooms.
class CommentStore
{
public:
    explicit CommentStore(Database *db);

    std::optional<CommentRecord> insert(const CommentRecord &comment);
    std::optional<CommentRecord> find(qint64 id) const;
    std::optional<CommentRecord> findByIdempotencyKey(const QString &userId,
                                                      const QString &key) const;
    std::optional<CommentRecord> findAnchor(const QString &animeId, qint64 episode) const;
    // The episode's persistent anchor message, created on first use.
    std::optional<CommentRecord> anchor(const QString &animeId, qint64 episode,
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
};

} // namespace watchium::server
