#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace watchium {

// The authoritative playback state of a room. Only the server changes it, on
// a valid host control; members derive everything from it.
struct RoomState
{
    bool playing = false;
    double position = 0.0;   // seconds, at serverTimeMs
    double rate = 1.0;       // playback speed
    qint64 serverTimeMs = 0; // server clock (ms since epoch) the state applies from
    qint64 seq = 0;          // increases with every change

    // Where the room's video is at server time `serverNowMs`. Before the
    // state's start time (a control scheduled slightly in the future) the
    // position holds at `position`.
    double expectedPosition(qint64 serverNowMs) const;

    QJsonObject toJson() const;
    static RoomState fromJson(const QJsonObject &json);

    friend bool operator==(const RoomState &, const RoomState &) = default;
};

} // namespace watchium
