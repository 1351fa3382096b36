#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace watchium::protocol {

// One Phoenix channel frame. A null QString stands for JSON null (refs the
// client left out); an empty one is the empty string the client sent.
struct Message
{
    QString joinRef;
    QString ref;
    QString topic;
    QString event;
    QJsonObject payload;
    // A user broadcast whose payload is raw bytes (binary encoding 0): the
    // payload object then carries only type/event, and the bytes live here.
    QByteArray binaryPayload;
    bool hasBinaryPayload = false;
};

// Serializer version negotiated by the `vsn` query parameter of the socket URL.
enum class Vsn { V1, V2 };

} // namespace watchium::protocol
