#pragma once

#include "rooms/ServiceContext.h"

namespace watchium::server {

// Episode comment threads: each episode has one persistent anchor message,
// top-level comments hang under it, replies under those. Comments carry
// their video timestamp and outlive the room they were written in.
class CommentService
{
public:
    explicit CommentService(ServiceContext context);

    Outcome create(const QJsonObject &body, const Caller &caller);
    // A private room's comments are in these only for its members (`room_id` and their token).
    Outcome byEpisode(const QJsonObject &body, const Caller &caller);
    Outcome history(const QJsonObject &body, const Caller &caller);

    // Opens the thread of the room's episode, so its members see the anchor from the start.
    void openThread(const RoomRecord &room);

private:
    // `roomId` when the caller is one of its members, else empty.
    QString memberOf(const QString &roomId, const Caller &caller) const;
    // Inserts, then announces the comment as a store change and, inside a room, as the seeds'
    // `new_comment` broadcast; *duplicate says when its idempotency key was used already.
    std::optional<CommentRecord> publish(const CommentRecord &comment, bool *duplicate);
    struct EarlierTry
    {
        Outcome answer;
        // The saved comment is this very one again (same room and episode): a true retry.
        bool sameComment = false;
    };
    // The answer to a retry of the comment `userId` saved with `key`, if there is one.
    std::optional<EarlierTry> earlierTry(const QString &userId, const QString &key,
                                         const QString &roomId, const QString &animeId,
                                         int episode) const;

    ServiceContext m_ctx;
};

} // namespace watchium::server
