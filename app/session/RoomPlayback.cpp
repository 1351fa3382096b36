#include "RoomPlayback.h"

#include "client/RoomClient.h"
#include "domain/Validation.h"
#include "MediaProbe.h"
#include "MpvPlayer.h"
#include "PlaybackFollower.h"
#include "PlayerStatusTracker.h"

namespace watchium {

MpvPlayer::Options
RoomPlayback::playerOptions(bool headless, const QList<std::pair<QByteArray, QByteArray>> &extra)
{
    MpvPlayer::Options options;
    options.headless = headless;
    // Sources without an index (generated, some local files) seek backwards only inside mpv's
    // cache, and a member who follows the host seeks often.
    options.mpvOptions = {{"cache", "yes"}};
    options.mpvOptions.append(extra);
    return options;
}

RoomPlayback::RoomPlayback(RoomClient *room, MpvPlayer *player, QObject *parent)
    : QObject(parent)
    , m_room(room)
    , m_player(player)
    , m_follower(new PlaybackFollower(room, player, this))
    , m_status(new PlayerStatusTracker(player, this))
{
    m_room->setLocalStatusProvider([this] {
        LocalStatus s;
        s.currentTime = m_player->position();
        s.isPlaying = m_player->isPlaying();
        s.syncErrorMs = m_follower->lastErrorMs();
        s.buffering = m_player->isBuffering();
        s.player = m_status->status();
        s.playerError = m_status->error();
        s.duration = knownDuration();
        s.media = mediaIdentity();
        return s;
    });
    connect(m_player, &MpvPlayer::fileLoaded, this, [this] { m_follower->setActive(true); });
    connect(m_player, &MpvPlayer::playbackRestarted, this, [this] {
        m_follower->seekFinished();
        // A group wait ends when its members report they are ready at its position: the seek
        // that got them there is news now, not in 3 s.
        if (m_room->hasRoomState() && m_room->roomState().isWaiting())
            m_room->reportStatusNow();
    });
    connect(m_status, &PlayerStatusTracker::statusChanged, m_room, &RoomClient::reportStatusNow);
    // The length is what the room stops at; the host's report sets it. Only a change of the
    // length presence carries is news: a generated source's "duration" grows with every frame,
    // and a report each time floods every member's line with presence diffs.
    connect(m_player, &MpvPlayer::durationChanged, this, [this] {
        const double duration = knownDuration();
        if (duration == m_reportedDuration)
            return;
        m_reportedDuration = duration;
        m_room->reportStatusNow();
    });
    connect(m_room, &RoomClient::videoChanged, this, [this](const QString &url) {
        open(url, Source::Room);
        Q_EMIT videoChanged(url);
    });
}

RoomPlayback::~RoomPlayback()
{
    // The provider reads the player, which may die before the room client.
    m_room->setLocalStatusProvider({});
}

double RoomPlayback::knownDuration() const
{
    // A live stream's or a generated source's duration grows as it arrives: the room must not
    // end there.
    return m_player->isLengthKnown() ? m_player->duration() : 0.0;
}

MediaIdentity RoomPlayback::mediaIdentity() const
{
    MediaIdentity m = m_file;
    m.duration = knownDuration();
    return m;
}

void RoomPlayback::open(const QString &media, Source source)
{
    m_media = media;
    m_file = source == Source::User ? MediaProbe::fileIdentity(media) : MediaIdentity();
    if (source == Source::User)
        m_userMedia = media;
    m_follower->setActive(false);
    m_status->opening();
    m_player->pause();
    if (source == Source::Room && media.isEmpty()) {
        // An own-files room: nothing to open until the member picks their copy.
        m_status->refused(QStringLiteral("this room plays everyone's own copy of the episode: "
                                         "open yours"));
        return;
    }
    if (source == Source::Room && !validation::isHttpUrl(media)) {
        // Shown as the player's error detail, like mpv's own messages (not translated).
        m_status->refused(QStringLiteral("the room's video is not an http or https address, so "
                                         "it was not opened: %1")
                              .arg(media.left(200)));
        return;
    }
    m_player->open(media);
}

} // namespace watchium
