#pragma once

#include "client/RoomClient.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QProgressBar;
class QStatusBar;

namespace watchium {
class MediaMismatches;
class MpvPlayer;
class PlaybackFollower;
class RoomPlayback;
class VideoView;
} // namespace watchium

namespace watchium::app {

class CommentsPanel;
class ConnectionBanner;
class DanmakuBar;
class DanmakuOverlay;
class MembersPanel;
class OwnCopyBar;
class PlaybackControls;
class QueuePanel;
class RoomNotice;
class ReachabilityPanel;

// A room once entered: the video following the room, the host's controls, members, comments and
// a status bar. Everything it shows comes from the RoomClient's signals and the player's.
class RoomView : public QWidget
{
    Q_OBJECT

public:
    struct Options
    {
        // Plays this instead of the room's video_url (a local copy of the same episode).
        QString mediaOverride;
        // Extra mpv options (tests: no audio device).
        QList<std::pair<QByteArray, QByteArray>> mpvOptions;
    };

    // `session` is what `room` entered with (RoomClient::entered); `room` must outlive this.
    RoomView(RoomClient *room, const RoomSession &session, Options options,
             QWidget *parent = nullptr);
    ~RoomView() override;

    void setInviteLink(const QString &link);

    RoomClient *room() const { return m_room; }
    MpvPlayer *player() const { return m_player; }
    PlaybackFollower *follower() const { return m_follower; }
    VideoView *videoView() const { return m_videoView; }
    PlaybackControls *controls() const { return m_controls; }
    ConnectionBanner *connectionBanner() const { return m_banner; }
    MembersPanel *membersPanel() const { return m_members; }
    CommentsPanel *commentsPanel() const { return m_comments; }
    DanmakuOverlay *danmaku() const { return m_danmaku; }
    DanmakuBar *danmakuBar() const { return m_danmakuBar; }
    QueuePanel *queuePanel() const { return m_queue; }
    QStatusBar *statusBar() const { return m_statusBar; }
    QLineEdit *inviteEdit() const { return m_invite; }
    QProgressBar *bufferingIndicator() const { return m_buffering; }
    RoomNotice *notice() const { return m_notice; }
    OwnCopyBar *ownCopyBar() const { return m_ownCopy; }
    QCheckBox *waitForMembersBox() const { return m_waitForMembers; }
    // Hidden unless the window shows it: for a room served by this computer.
    ReachabilityPanel *reachabilityPanel() const { return m_reachability; }

Q_SIGNALS:
    void leaveRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *makeHeader();
    // Every text of the view, the status bar's from the live state; on each language change.
    void retranslate();
    void togglePlay();
    void askForVideo();
    void seekBy(double seconds);
    void updateRoleAndState();
    void updateStatus();
    void onFullScreenChanged(bool fullScreen);
    void updateControlsVisibility();
    void notify(const QString &message);
    void connectDanmaku();

    QPointer<RoomClient> m_room;
    QJsonObject m_roomInfo; // the room as entered: title, anime, episode
    Options m_options;
    MpvPlayer *m_player;
    RoomPlayback *m_playback;
    PlaybackFollower *m_follower;
    RoomNotice *m_notice;
    MediaMismatches *m_mismatches;
    OwnCopyBar *m_ownCopy;
    QCheckBox *m_waitForMembers;
    QPushButton *m_changeVideo;
    VideoView *m_videoView;
    PlaybackControls *m_controls;
    ConnectionBanner *m_banner;
    MembersPanel *m_members;
    CommentsPanel *m_comments;
    DanmakuOverlay *m_danmaku;
    DanmakuBar *m_danmakuBar;
    QueuePanel *m_queue;
    QWidget *m_header;
    ReachabilityPanel *m_reachability;
    QLabel *m_title;
    QLabel *m_inviteLabel;
    QPushButton *m_copyInvite;
    QPushButton *m_leave;
    QWidget *m_side;
    QSplitter *m_splitter;
    QLineEdit *m_invite;
    QStatusBar *m_statusBar;
    QLabel *m_connection;
    QLabel *m_clock;
    QLabel *m_syncError;
    QProgressBar *m_buffering;
    QTimer m_statusTimer;
    QString m_lastHost;
    bool m_mediaOpened = false;
};

} // namespace watchium::app
