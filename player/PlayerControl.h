#pragma once

namespace watchium {

// The part of a player the sync logic needs. MpvPlayer implements it; sync tests drive a fake, so
// the sync decisions can be checked without libmpv or an event loop.
class PlayerControl
{
public:
    virtual ~PlayerControl() = default;

    // Seconds from the start of the media, precise between the player's own position updates.
    virtual double position() const = 0;
    // Playback is requested (not paused). The position may still hold while a seek or buffering
    // completes.
    virtual bool isPlaying() const = 0;
    // A seek is still under way (on a slow network it can take seconds).
    virtual bool isSeeking() const { return false; }
    // Playback stopped at the end of the media.
    virtual bool isAtEnd() const { return false; }

    virtual void play() = 0;
    virtual void pause() = 0;
    // Exact seek to `seconds` from the start, not to the nearest keyframe.
    virtual void seek(double seconds) = 0;
    virtual void setSpeed(double speed) = 0;
};

} // namespace watchium
