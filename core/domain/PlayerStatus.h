#pragma once

#include <QString>

namespace watchium {

// What a member's player can do right now, as its presence reports it
// (`player_state`). The server waits for members that are Loading or
// Buffering; an Error member is never counted in sync. Clients that report
// nothing (supabase-js) are Unknown and never waited for.
enum class PlayerStatus {
    Unknown,
    Loading, // the video is not open yet
    Ready, // showing a frame, able to play from it at once
    Buffering, // a seek or the network holds playback
    Error, // the video cannot be played
};

QString playerStatusName(PlayerStatus status);
// Unknown for anything that is not one of the names above.
PlayerStatus playerStatusFromName(const QString &name);

} // namespace watchium
