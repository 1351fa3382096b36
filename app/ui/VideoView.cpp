#include "VideoView.h"

#include "CursorAutoHider.h"
#include "MpvPlayer.h"
#include "MpvVideoWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QVBoxLayout>

namespace watchium {

VideoView::VideoView(MpvPlayer *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_video(new MpvVideoWidget(player, this))
    , m_cursorHider(new CursorAutoHider(m_video, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_video);
    // A click on the video (which takes no focus) gives the focus to this view, for F and Esc.
    setFocusPolicy(Qt::StrongFocus);

    connect(m_cursorHider, &CursorAutoHider::controlsVisibilityChanged, this,
            &VideoView::controlsVisibilityChanged);
    connect(player, &MpvPlayer::pausedChanged, this, &VideoView::updateCursorHiding);
    connect(player, &MpvPlayer::eofReachedChanged, this, &VideoView::updateCursorHiding);
    updateCursorHiding();
}

void VideoView::setFullScreen(bool fullScreen)
{
    QWidget *window = this->window();
    if (window->isFullScreen() == fullScreen)
        return;
    window->setWindowState(window->windowState() ^ Qt::WindowFullScreen);
    Q_EMIT fullScreenChanged(fullScreen);
}

void VideoView::toggleFullScreen()
{
    setFullScreen(!window()->isFullScreen());
}

void VideoView::keyPressEvent(QKeyEvent *event)
{
    // Only the bare key: Ctrl+F and the like belong to the rest of the window.
    const bool bare = (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (bare && event->key() == Qt::Key_F) {
        toggleFullScreen();
    } else if (bare && event->key() == Qt::Key_Escape && window()->isFullScreen()) {
        setFullScreen(false);
    } else {
        QWidget::keyPressEvent(event);
    }
}

void VideoView::mouseDoubleClickEvent(QMouseEvent *event)
{
    // The video widget ignores mouse buttons, so its double-clicks arrive here.
    if (event->button() == Qt::LeftButton)
        toggleFullScreen();
    else
        QWidget::mouseDoubleClickEvent(event);
}

void VideoView::updateCursorHiding()
{
    m_cursorHider->setActive(m_player->isPlaying() && !m_player->isEofReached());
}

} // namespace watchium
