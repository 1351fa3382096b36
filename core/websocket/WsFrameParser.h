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
// It keeps no buffer between frames unless a frame or a fragmented message is incomplete, so
// an idle connection holds no heap memory here (buffers are released, not cleared, when they
// empty, and on a violation or a Close).
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
    //
    // In detail:
    // - Events decoded before a violation in the same call have already gone to `sink`.
    // - The call that yields the Close event returns true; bytes after the close frame are
    //   ignored, and every later call returns false without looking at its bytes, while
    //   failed() stays false: failed() tells a violation from a finished connection.
    // - A frame's length is checked against maxMessageBytes (counting the fragments so far)
    //   as soon as its header is in, before any of its payload is buffered: 1009.
    // - A text message is checked as UTF-8 once its last fragment is in, so a sequence may be
    //   split across fragments: 1007.
    // - A close frame's code must be one a peer may send: 1000-1003, 1007-1014 (1012-1014 are
    //   IANA-registered; our own server sends close::TryAgainLater) or 3000-4999; anything
    //   else, or a 1-byte payload, is 1002. A close frame without a payload gives
    //   close::NoStatus.
    // - Lengths need not be minimally encoded: RFC 6455 binds senders to that, not receivers.
    // - `sink` must not call feed() on the same parser.
    bool feed(QByteArrayView bytes, const Sink &sink);

    bool failed() const { return m_errorCode != 0; }
    quint16 errorCode() const { return m_errorCode; }
    QString errorReason() const { return m_errorReason; }
    // Bytes held for an incomplete frame or fragmented message.
    qsizetype bufferedBytes() const { return m_pending.size() + m_message.size(); }

private:
    struct FrameHeader
    {
        bool fin = false;
        Opcode opcode = Opcode::Continuation;
        bool masked = false;
        uchar maskKey[4] = {};
        qsizetype headerSize = 2; // when incomplete: the bytes needed to know more
        qsizetype payloadSize = 0;
    };
    enum class HeaderState { Incomplete, Complete, Failed };

    HeaderState readHeader(QByteArrayView data, FrameHeader *header);
    qsizetype completePending(QByteArrayView bytes, const Sink &sink);
    bool handleFrame(const FrameHeader &header, QByteArrayView payload, const Sink &sink);
    bool deliverMessage(Opcode opcode, QByteArray &&message, const Sink &sink);
    bool handleClose(QByteArray &&body, const Sink &sink);
    void releaseBuffers();
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
