#include "client/ChannelReply.h"

#include "protocol/ErrorCodes.h"

namespace watchium {

QString ChannelReply::code() const
{
    switch (status) {
    case Status::Ok:
        return {};
    case Status::Error:
        return response.value(QLatin1String("code")).toString();
    case Status::Timeout:
        return protocol::errors::kTimeout;
    case Status::Disconnected:
        return QStringLiteral("disconnected");
    }
    return {};
}

QString ChannelReply::reason() const
{
    switch (status) {
    case Status::Ok:
        return {};
    case Status::Error:
        return response.value(QLatin1String("reason")).toString();
    case Status::Timeout:
        return QStringLiteral("the server did not answer in time");
    case Status::Disconnected:
        return QStringLiteral("the connection closed before the server answered");
    }
    return {};
}

} // namespace watchium
