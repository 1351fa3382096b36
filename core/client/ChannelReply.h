#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace watchium {

// The outcome of one push: the server's phx_reply, or the reason none came.
struct ChannelReply
{
    enum class Status {
        Ok, // phx_reply with status "ok"
        Error, // phx_reply with status "error": response has reason, maybe code
        Timeout, // no reply within the request's deadline
        Disconnected, // the socket went away first; the server may or may not have acted
    };

    Status status = Status::Ok;
    QJsonObject response;

    bool ok() const { return status == Status::Ok; }
    // The server's machine-readable code; a stand-in for the local outcomes.
    QString code() const;
    QString reason() const;
};

using ReplyHandler = std::function<void(const ChannelReply &reply)>;

} // namespace watchium
