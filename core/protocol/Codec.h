#pragma once

#include "protocol/Message.h"

#include <optional>

namespace watchium::protocol {

// Encodes and decodes Phoenix channel frames in the two serializers
// realtime-js speaks: vsn 1.0.0 (JSON objects) and vsn 2.0.0 (JSON arrays plus
// binary user-broadcast frames). Pure functions; no I/O.
class Codec
{
public:
    struct DecodeResult
    {
        std::optional<Message> message;
        QString error; // set when message is empty
    };

    static std::optional<Vsn> parseVsn(const QString &value);

    static DecodeResult decodeText(const QByteArray &frame, Vsn vsn);
    // Binary frames exist only in vsn 2.0.0; only the client's kind 3
    // (user broadcast push) is valid input.
    static DecodeResult decodeBinary(const QByteArray &frame);

    static QByteArray encodeText(const Message &message, Vsn vsn);
    // The same with a payload already encoded (compact JSON of an object), spliced in rather
    // than parsed and encoded again; `message`'s own payload is ignored. The first encodes the
    // payload and calls this one.
    static QByteArray encodeText(const Message &message, QByteArrayView payloadJson, Vsn vsn);
    // A string as a JSON string literal, quotes and escapes included.
    static QByteArray jsonString(const QString &text);
    // Kind 4 (user broadcast) for vsn 2.0.0 subscribers; used for raw-byte
    // payloads that JSON cannot carry.
    static QByteArray encodeUserBroadcast(const QString &topic, const QString &event,
                                          const QByteArray &payload, bool jsonEncoded);
};

} // namespace watchium::protocol
