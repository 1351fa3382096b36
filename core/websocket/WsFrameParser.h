#pragma once

#include "websocket/WsFrame.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>

namespace watchium::ws {

// Turns the bytes of one WebSocket connection into whole messages and control frames,
// enforcing RFC 6455 for its side: frames from a client must be masked, frames from a server
// must not; no extensions (RSV bits), control frames unfragmented and <= 125 bytes, text
// messages valid UTF-8, a message size bound. Bytes may arrive split anywhere. Pure: no I/O.
//
// It keeps no buffer between frames unless a frame is incomplete, so an idle connection holds
// no heap memory here.
class FrameParser
{
public:
    enum class Role {
        Server, // parses what a client sent: masked frames
        Client, // parses what a server sent: unmasked frames
    };

    struct Event
    {
        enum class Kind { Text, Binary, Ping, Pong, Close };
        Kind kind = Kind::Text;
        QByteArray payload; // message bytes (unmasked, defragmented); ping/pong data
        quint16 closeCode = close::NoStatus; // Close only
        QByteArray closeReason; // Close only, valid UTF-8
    };

    using Sink = std::function<void(Event &&event)>;

    explicit FrameParser(Role role, qsizetype maxMessageBytes = 64 * 1024);

    // Parses as much of `bytes` (appended to what an earlier call left incomplete) as forms
    // whole frames, calling `sink` for each message or control frame in order. Returns false
    // on the first protocol violation; then errorCode()/errorReason() say what to put in the
    // close frame, and the parser accepts nothing more. After a Close event it also stops.
    bool feed(QByteArrayView bytes, const Sink &sink);

    bool failed() const { return m_errorCode != 0; }
    quint16 errorCode() const { return m_errorCode; }
    QString errorReason() const { return m_errorReason; }
    // Bytes held for an incomplete frame or fragmented message.
    qsizetype bufferedBytes() const { return m_pending.size() + m_message.size(); }

private:
    bool fail(quint16 code, const QString &reason);

    Role m_role;
    qsizetype m_maxMessageBytes;
    QByteArray m_pending; // start of an incomplete frame
    QByteArray m_message; // fragments of a message so far
    Opcode m_messageOpcode = Opcode::Continuation; // Text/Binary while fragmented
    bool m_closed = false;
    quint16 m_errorCode = 0;
    QString m_errorReason;
};

} // namespace watchium::ws
