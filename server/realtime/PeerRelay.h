#pragma once

#include "protocol/Message.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace watchium::server {

// Where the hub hands what its own sockets said to the other nodes of a cluster: members'
// broadcasts and presence. Room services' events reach them through RoomEvents instead.
class PeerRelay
{
public:
    virtual ~PeerRelay() = default;

    virtual void relayMessage(const protocol::Message &message) = 0;
    virtual void relayBinary(const QString &topic, const QString &event,
                             const QByteArray &payload) = 0;
    virtual void relayPresence(const QString &topic, const QString &key, const QJsonObject &joined,
                               const QJsonObject &left) = 0;
};

} // namespace watchium::server
