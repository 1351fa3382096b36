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
    Outcome byEpisode(const QJsonObject &body);
    Outcome history(const QJsonObject &body);

    // A line from the server itself (host changes), threaded like any comment.
    void systemMessage(const RoomRecord &room, const QString &text);

private:
    // Inserts, then announces the comment as a store change and, inside a
    // room, as the seeds' `new_comment` broadcast.
    std::optional<CommentRecord> publish(const CommentRecord &comment);

    ServiceContext m_ctx;
};

} // namespace watchium::server
