#include "RoomView.h"

#include "AvatarCache.h"
#include "client/RoomClient.h"
#include "CommentsPanel.h"
#include "ConnectionBanner.h"
#include "CursorAutoHider.h"
#include "DanmakuBar.h"
#include "DanmakuOverlay.h"
#include "MediaMismatches.h"
#include "MembersPanel.h"
#include "MpvPlayer.h"
#include "MpvVideoWidget.h"
#include "OwnCopyBar.h"
#include "PlaybackControls.h"
#include "PlaybackFollower.h"
#include "QueuePanel.h"
#include "ReachabilityPanel.h"
#include "RoomNotice.h"
#include "RoomPlayback.h"
#include "SyncBadge.h"
#include "VideoView.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace watchium::app {

namespace {

constexpr double kSeekStepSeconds = 5.0;
constexpr int kNoticeMs = 5000;

QString connectionText(RoomClient::ConnectionState state)
{
    switch (state) {
    case RoomClient::ConnectionState::Disconnected:
        return RoomView::tr("Disconnected");
    case RoomClient::ConnectionState::Connecting:
        return RoomView::tr("Connecting…");
    case RoomClient::ConnectionState::Joining:
        return RoomView::tr("Joining…");
    case RoomClient::ConnectionState::Joined:
        return RoomView::tr("Connected");
    case RoomClient::ConnectionState::Reconnecting:
        break;
    }
    return RoomView::tr("Reconnecting…");
}

QString nameOf(const QJsonObject &member)
{
    const QString name = member.value(QLatin1String("username")).toString();
    return name.isEmpty() ? member.value(QLatin1String("user_id")).toString() : name;
}

} // namespace

RoomView::RoomView(RoomClient *room, const RoomSession &session, Options options, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_roomInfo(session.room)
    , m_options(std::move(options))
{
    m_player = new MpvPlayer(RoomPlayback::playerOptions(false, m_options.mpvOptions), this);
    m_playback = new RoomPlayback(m_room, m_player, this);
    m_follower = m_playback->follower();

    m_videoView = new VideoView(m_player, this);
    m_videoView->setMinimumSize(320, 180);
    m_controls = new PlaybackControls(this);
    // Over the video, so it shows in fullscreen too.
    m_banner = new ConnectionBanner(m_room, this);
    connect(m_banner, &ConnectionBanner::leaveRequested, this, &RoomView::leaveRequested);
    auto *videoColumn = new QWidget(this);
    auto *videoLayout = new QVBoxLayout(videoColumn);
    videoLayout->setContentsMargins(0, 0, 0, 0);
    videoLayout->setSpacing(0);
    videoLayout->addWidget(m_banner);
    videoLayout->addWidget(m_videoView, 1);
    m_notice = new RoomNotice(m_room, m_playback->status(), this);
    videoLayout->addWidget(m_notice);
    m_mismatches = new MediaMismatches(m_room, this);
    m_mismatches->setRoomMedia(MediaIdentity::fromRoomRow(session.room));
    m_ownCopy = new OwnCopyBar(m_room, m_mismatches, this);
    m_ownCopy->acceptDropsOn(this);
    videoLayout->addWidget(m_ownCopy);
    videoLayout->addWidget(m_controls);
    m_danmaku = new DanmakuOverlay(
        m_videoView->videoWidget(), [this] { return m_player->position(); }, this);
    m_danmakuBar = new DanmakuBar(m_danmaku, this);
    videoLayout->addWidget(m_danmakuBar);
    m_videoView->cursorHider()->watchArea(videoColumn);

    m_members = new MembersPanel(m_room, new AvatarCache(nullptr, this), this);
    m_members->setMediaMismatches(m_mismatches);
    m_comments = new CommentsPanel(
        m_room, [this] { return m_player->position(); }, this);
    auto *sideSplitter = new QSplitter(Qt::Vertical, this);
    sideSplitter->addWidget(m_members);
    sideSplitter->addWidget(m_comments);
    sideSplitter->setStretchFactor(0, 1);
    sideSplitter->setStretchFactor(1, 2);
    sideSplitter->setSizes({220, 440});
    m_queue = new QueuePanel(m_room, this);
    m_queue->setOwnMediaProvider([this] { return m_playback->userMedia(); });
    // One way to play an own copy, whoever offered it: the bar shows it and the room remembers it.
    connect(m_queue, &QueuePanel::ownFileChosen, m_ownCopy, &OwnCopyBar::choose);
    connect(m_queue, &QueuePanel::episodeChanged, this, [this](qint64 episode) {
        m_roomInfo.insert(QStringLiteral("episode_number"), episode);
        retranslate();
        RoomSession session = m_room->session();
        session.room.insert(QStringLiteral("episode_number"), episode);
        m_comments->showEpisode(session);
    });
    sideSplitter->insertWidget(1, m_queue);
    sideSplitter->setStretchFactor(1, 1);
    m_side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(m_side);
    sideLayout->setContentsMargins(8, 0, 0, 0);
    sideLayout->addWidget(sideSplitter);
    m_side->setMinimumWidth(300);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(videoColumn);
    m_splitter->addWidget(m_side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({880, 400});

    m_statusBar = new QStatusBar(this);
    m_connection = new QLabel(this);
    m_clock = new QLabel(this);
    m_syncError = new QLabel(this);
    // Shown only while mpv waits for data: "busy", since mpv's cache state
    // is not a fraction of anything a person would read.
    m_buffering = new QProgressBar(this);
    m_buffering->setRange(0, 0);
    m_buffering->setMaximumWidth(120);
    m_buffering->hide();
    connect(m_player, &MpvPlayer::bufferingChanged, m_buffering, &QWidget::setVisible);
    m_statusBar->addPermanentWidget(m_buffering);
    m_statusBar->addPermanentWidget(m_syncError);
    m_statusBar->addPermanentWidget(m_clock);
    m_statusBar->addPermanentWidget(m_connection);

    // The header and, under it, who can join: both make way for the video in fullscreen.
    m_header = new QWidget(this);
    m_reachability = new ReachabilityPanel(m_header);
    m_reachability->hide();
    auto *headerLayout = new QVBoxLayout(m_header);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    headerLayout->setSpacing(0);
    headerLayout->addWidget(makeHeader());
    headerLayout->addWidget(m_reachability);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_statusBar);
    setFocusPolicy(Qt::StrongFocus);

    connect(m_controls, &PlaybackControls::playPauseClicked, this, &RoomView::togglePlay);
    connect(m_controls, &PlaybackControls::seekRequested, m_room, &RoomClient::seek);
    connect(m_controls, &PlaybackControls::rateRequested, m_room, &RoomClient::setRate);
    connect(m_controls, &PlaybackControls::syncToLiveClicked, m_follower,
            &PlaybackFollower::syncToLive);
    connect(m_player, &MpvPlayer::timePosChanged, m_controls, &PlaybackControls::setPosition);
    connect(m_player, &MpvPlayer::durationChanged, m_controls, &PlaybackControls::setDuration);
    connect(m_playback, &RoomPlayback::videoChanged, this,
            [this] { notify(tr("The host changed the video.")); });
    connect(m_room, &RoomClient::groupWaitChanged, this, &RoomView::updateRoleAndState);
    connect(m_player, &MpvPlayer::error, this,
            [this](const QString &message) { notify(tr("Video: %1").arg(message)); });
    connect(m_videoView, &VideoView::fullScreenChanged, this, &RoomView::onFullScreenChanged);
    connect(m_videoView, &VideoView::controlsVisibilityChanged, this,
            &RoomView::updateControlsVisibility);

    connect(m_room, &RoomClient::roomStateChanged, this, &RoomView::updateRoleAndState);
    connect(m_room, &RoomClient::hostChanged, this, [this](const QString &userId) {
        updateRoleAndState();
        const QString previous = std::exchange(m_lastHost, userId);
        // The first host is the room's, learnt on joining: nothing changed for the viewer.
        if (previous.isEmpty() || previous == userId)
            return;
        QString name = nameOf(m_room->members().value(userId));
        if (name.isEmpty())
            name = tr("Another member");
        notify(userId == m_room->userId() ? tr("You are now the host.")
                                          : tr("%1 is now the host.").arg(name));
    });
    connect(m_room, &RoomClient::memberJoined, this,
            [this](const QJsonObject &member) { notify(tr("%1 joined.").arg(nameOf(member))); });
    connect(m_room, &RoomClient::memberLeft, this,
            [this](const QJsonObject &member) { notify(tr("%1 left.").arg(nameOf(member))); });
    connect(m_room, &RoomClient::controlFailed, this,
            [this](const QString &, const QString &, const QString &message) {
                notify(tr("The room refused: %1").arg(message));
            });
    connect(m_room, &RoomClient::reconnectScheduled, this, [this](qint64 delayMs) {
        notify(tr("Connection lost; reconnecting in %1 s…").arg(qMax<qint64>(1, delayMs / 1000)));
    });
    connect(m_room, &RoomClient::connectionStateChanged, this, &RoomView::updateStatus);

    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, &RoomView::updateStatus);
    m_statusTimer.start();
    m_lastHost = m_room->hostUserId();
    updateRoleAndState();
    retranslate();

    // The member's own copy, when they chose one for this room before (Syncplay's model).
    const QString own = m_options.mediaOverride.isEmpty()
        ? OwnCopyBar::rememberedCopy(session.roomId)
        : m_options.mediaOverride;
    const QString media =
        own.isEmpty() ? session.room.value(QLatin1String("video_url")).toString() : own;
    m_ownCopy->setPlayingOwnCopy(!own.isEmpty());
    OwnCopyBar::rememberCopy(session.roomId, own);
    connect(m_ownCopy, &OwnCopyBar::ownCopyChosen, this, [this](const QString &path) {
        m_mediaOpened = true;
        m_ownCopy->setPlayingOwnCopy(true);
        m_playback->open(path, RoomPlayback::Source::User);
    });
    connect(m_ownCopy, &OwnCopyBar::roomVideoChosen, this, [this] {
        m_ownCopy->setPlayingOwnCopy(false);
        m_playback->open(m_room->videoUrl(), RoomPlayback::Source::Room);
    });
    connect(m_playback, &RoomPlayback::videoChanged, m_ownCopy,
            [this] { m_ownCopy->setPlayingOwnCopy(false); });
    // mpv gives a file video only if the render context exists when the file starts, and the
    // widget makes it once it is first shown: open the file then.
    MpvVideoWidget *video = m_videoView->videoWidget();
    const auto open = [this, media, own] {
        if (std::exchange(m_mediaOpened, true))
            return;
        m_playback->open(media,
                         own.isEmpty() ? RoomPlayback::Source::Room : RoomPlayback::Source::User);
    };
    connect(video, &MpvVideoWidget::renderingStarted, this, open);
    // Without OpenGL the room still plays, and is followed, without a picture.
    connect(video, &MpvVideoWidget::renderError, this, open);
    if (video->isRendering())
        open();
    connectDanmaku();
    m_comments->load(session);
}

void RoomView::connectDanmaku()
{
    connect(m_comments, &CommentsPanel::commentShown, m_danmaku, &DanmakuOverlay::addComment);
    connect(m_danmaku, &DanmakuOverlay::commentsChanged, this,
            [this] { m_controls->setCommentTimes(m_danmaku->commentTimes()); });
    connect(m_room, &RoomClient::broadcastReceived, this,
            [this](const QString &event, const QJsonObject &payload) {
                if (event == QLatin1String("reaction"))
                    m_danmaku->addReaction(payload.value(QLatin1String("emoji")).toString(),
                                           nameOf(payload));
            });
    connect(m_danmakuBar, &DanmakuBar::reactionClicked, m_room, &RoomClient::sendReaction);
    connect(m_room, &RoomClient::reactionFailed, this, [this](const QString &, const QString &why) {
        notify(tr("Your reaction was not sent: %1").arg(why));
    });
    connect(m_danmakuBar, &DanmakuBar::commentEntered, this,
            [this](const QString &text) { m_room->sendComment(text, m_player->position()); });
}

RoomView::~RoomView()
{
    // The video widget goes before the player (see MpvVideoWidget).
    delete m_videoView;
}

QWidget *RoomView::makeHeader()
{
    auto *header = new QWidget(this);
    m_title = new QLabel(header);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_invite = new QLineEdit(header);
    m_invite->setReadOnly(true);
    m_invite->setMinimumWidth(260);
    m_inviteLabel = new QLabel(header);
    m_copyInvite = new QPushButton(header);
    m_leave = new QPushButton(header);
    m_leave->setObjectName(QStringLiteral("leaveButton"));
    m_changeVideo = new QPushButton(header);
    m_changeVideo->setObjectName(QStringLiteral("changeVideoButton"));
    m_waitForMembers = new QCheckBox(header);
    m_waitForMembers->setObjectName(QStringLiteral("waitForMembers"));
    m_waitForMembers->setChecked(m_room->groupWait());
    for (QWidget *b :
         std::initializer_list<QWidget *> {m_copyInvite, m_leave, m_changeVideo, m_waitForMembers})
        b->setFocusPolicy(Qt::NoFocus);
    connect(m_changeVideo, &QPushButton::clicked, this, &RoomView::askForVideo);
    // The room's switch, not this view's: the box shows what the server says.
    connect(m_waitForMembers, &QCheckBox::clicked, this, [this](bool on) {
        m_waitForMembers->setChecked(m_room->groupWait());
        m_room->setGroupWait(on);
    });
    connect(m_copyInvite, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_invite->text());
        notify(tr("Invite link copied."));
    });
    connect(m_leave, &QPushButton::clicked, this, &RoomView::leaveRequested);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_waitForMembers);
    layout->addWidget(m_changeVideo);
    layout->addWidget(m_inviteLabel);
    layout->addWidget(m_invite);
    layout->addWidget(m_copyInvite);
    layout->addWidget(m_leave);
    return header;
}

void RoomView::retranslate()
{
    m_title->setText(tr("%1 — %2, episode %3")
                         .arg(m_roomInfo.value(QLatin1String("title")).toString(),
                              m_roomInfo.value(QLatin1String("anime_title")).toString())
                         .arg(m_roomInfo.value(QLatin1String("episode_number")).toInt()));
    m_invite->setToolTip(tr("Send this link to your friends"));
    m_inviteLabel->setText(tr("Invite:"));
    m_copyInvite->setText(tr("Copy invite"));
    m_leave->setText(tr("Leave"));
    m_changeVideo->setText(tr("Change video…"));
    m_changeVideo->setToolTip(tr("Play another video in this room, for everyone"));
    m_waitForMembers->setText(tr("Wait for members"));
    m_waitForMembers->setToolTip(
        tr("Pause the room, for at most a few seconds, while a member's video loads or "
           "buffers"));
    m_buffering->setFormat(tr("Buffering"));
    m_buffering->setToolTip(tr("Buffering the video"));
    updateStatus();
}

void RoomView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RoomView::setInviteLink(const QString &link)
{
    m_invite->setText(link);
    m_invite->setCursorPosition(0);
}

void RoomView::togglePlay()
{
    if (!m_room->isHost() || m_room->connectionState() != RoomClient::ConnectionState::Joined)
        return;
    if (m_room->hasRoomState() && m_room->roomState().playing)
        m_room->pause(m_player->position());
    else
        m_room->play(m_player->position());
}

void RoomView::askForVideo()
{
    if (!m_room->isHost())
        return;
    bool ok = false;
    const QString url = QInputDialog::getText(
        this, tr("Change video"), tr("Video URL (http or https) for everyone in the room:"),
        QLineEdit::Normal, m_room->videoUrl(), &ok);
    if (ok && !url.trimmed().isEmpty())
        m_room->changeVideo(url.trimmed());
}

void RoomView::seekBy(double seconds)
{
    if (!m_room->isHost() || m_room->connectionState() != RoomClient::ConnectionState::Joined)
        return;
    double target = m_player->position() + seconds;
    if (m_player->duration() > 0)
        target = std::min(target, m_player->duration());
    m_room->seek(std::max(0.0, target));
}

void RoomView::updateRoleAndState()
{
    m_controls->setHost(m_room->isHost());
    m_changeVideo->setVisible(m_room->isHost());
    m_waitForMembers->setEnabled(m_room->isHost());
    m_waitForMembers->setChecked(m_room->groupWait());
    if (m_room->hasRoomState()) {
        m_controls->setPlaying(m_room->roomState().playing);
        m_controls->setRate(m_room->roomState().rate);
    }
}

void RoomView::updateStatus()
{
    m_connection->setText(connectionText(m_room->connectionState()));
    m_controls->setConnected(m_room->connectionState() == RoomClient::ConnectionState::Joined);
    const ClockSync &clock = m_room->clock();
    m_clock->setText(tr("RTT %1 ms · clock offset %2 ms")
                         .arg(std::lround(clock.rttMs()))
                         .arg(std::lround(clock.offsetMs())));
    m_syncError->setText(m_room->isHost()
                             ? tr("You are the host")
                             : tr("You: %1").arg(SyncBadge::describe(m_follower->lastErrorMs())));
}

void RoomView::onFullScreenChanged(bool fullScreen)
{
    m_header->setVisible(!fullScreen);
    m_side->setVisible(!fullScreen);
    m_statusBar->setVisible(!fullScreen);
    m_danmakuBar->setFullScreen(fullScreen);
    updateControlsVisibility();
}

void RoomView::updateControlsVisibility()
{
    // Fullscreen, the controls go with the cursor while the video plays. In a window they keep
    // their place: hiding them would resize the video every time the mouse rests.
    // Someone typing a comment in fullscreen keeps them too.
    const bool shown = !window()->isFullScreen() || !m_videoView->cursorHider()->isCursorHidden()
        || m_danmakuBar->input()->hasFocus();
    m_controls->setVisible(shown);
    m_danmakuBar->setVisible(shown);
}

void RoomView::notify(const QString &message)
{
    m_statusBar->showMessage(message, kNoticeMs);
}

void RoomView::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Space:
        togglePlay();
        return;
    case Qt::Key_Left:
        seekBy(-kSeekStepSeconds);
        return;
    case Qt::Key_Right:
        seekBy(kSeekStepSeconds);
        return;
    case Qt::Key_F:
        m_videoView->toggleFullScreen();
        return;
    case Qt::Key_Escape:
        m_videoView->setFullScreen(false);
        return;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

} // namespace watchium::app
