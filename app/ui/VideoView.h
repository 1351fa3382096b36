#pragma once

#include <QWidget>

namespace watchium {

class CursorAutoHider;
class MpvPlayer;
class MpvVideoWidget;

// The video area of a room: the player's picture, fullscreen on double-click or F (Esc
// leaves), and the cursor hidden while the video plays and the mouse rests. Fullscreen is the
// state of the window holding this view, so the video keeps its GL context (see MpvVideoWidget);
// the room view hides what else the window shows on fullScreenChanged().
class VideoView : public QWidget
{
    Q_OBJECT

public:
    // The player must outlive this view and not be headless.
    explicit VideoView(MpvPlayer *player, QWidget *parent = nullptr);

    MpvVideoWidget *videoWidget() const { return m_video; }
    CursorAutoHider *cursorHider() const { return m_cursorHider; }

    void setFullScreen(bool fullScreen);
    void toggleFullScreen();

Q_SIGNALS:
    void fullScreenChanged(bool fullScreen);
    // The cursor hid (false) or came back (true): the controls should follow it.
    void controlsVisibilityChanged(bool visible);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void updateCursorHiding();

    MpvPlayer *m_player;
    MpvVideoWidget *m_video;
    CursorAutoHider *m_cursorHider;
};

} // namespace watchium
