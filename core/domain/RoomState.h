#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QtGlobal>

namespace watchium {

// The authoritative playback state of a room. Only the server changes it, on
// a valid host control, a group wait or the end of the video; members derive
// everything from it.
struct RoomState
{
    bool playing = false;
    double position = 0.0; // seconds, at serverTimeMs
    double rate = 1.0; // playback speed
    qint64 serverTimeMs = 0; // server clock (ms since epoch) the state applies from
    qint64 seq = 0; // increases with every change
    // The video's length as the host's player reported it; 0 while unknown. The room's
    // position never runs past it: at the end the room holds there.
    double duration = 0.0;
    // Members the room is paused for (a group wait): it resumes by itself when they are
    // ready or at waitDeadlineMs (server clock), whichever comes first.
    QStringList waitingFor = {};
    qint64 waitDeadlineMs = 0;

    // Where the room's video is at server time `serverNowMs`. Before the
    // state's start time (a control scheduled slightly in the future) the
    // position holds at `position`; it never passes a known duration.
    double expectedPosition(qint64 serverNowMs) const;
    // The room has reached the end of its video (playing into it, or paused there).
    bool endedAt(qint64 serverNowMs) const;
    bool isWaiting() const { return !waitingFor.isEmpty(); }

    QJsonObject toJson() const;
    static RoomState fromJson(const QJsonObject &json);

    friend bool operator==(const RoomState &, const RoomState &) = default;
};

} // namespace watchium
