#pragma once

#include <QOpenGLWidget>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>

namespace watchium {

class MpvPlayer;
class MpvRenderer;
class VideoOverlay;

// Draws an MpvPlayer's video through mpv's render API (not by embedding a native window). The
// player must not be headless, so that it uses vo=libmpv. Lifetimes:
// - Show this widget before opening a file. mpv needs the render context, made in
//   initializeGL(), when a file's video starts, and plays it without video otherwise.
// - Destroy this widget before the player. If the player goes first, the widget frees its render
//   context on MpvPlayer::aboutToBeDestroyed() and shows black from then on.
// - Keep it in one window. Moving it to another one recreates its GL context, which frees the
//   render context; mpv turns off the video of the file playing, until it is opened again.
// Whenever Qt will not paint it (hidden, minimised), it takes mpv's frames off the queue without
// drawing them, since mpv's video output waits for each frame to be rendered.
class MpvVideoWidget : public QOpenGLWidget
{
    Q_OBJECT

public:
    explicit MpvVideoWidget(MpvPlayer *player, QWidget *parent = nullptr);
    ~MpvVideoWidget() override;

    // The render context exists: between a successful initializeGL() and its release.
    bool isRendering() const;
    // Frames drawn by paintGL() so far, mpv's or black ones.
    quint64 renderedFrames() const { return m_renderedFrames; }
    // Drawn over each frame (danmaku, reactions); nullptr for none. Not owned.
    void setOverlay(VideoOverlay *overlay);

Q_SIGNALS:
    // The render context exists now (see isRendering()): a file opened from here on has video.
    void renderingStarted();
    // After paintGL() drew a frame, before Qt puts it on screen.
    void frameRendered();
    // The render context could not be created, so the widget stays black.
    void renderError(const QString &message);

protected:
    void initializeGL() override;
    void paintGL() override;

private:
    static void postFrameDue(MpvVideoWidget *self);
    void frameDue();
    bool isOnScreen() const;
    void releaseRenderer();
    void playerGoing();

    QPointer<MpvPlayer> m_player;
    std::unique_ptr<MpvRenderer> m_renderer;
    // At most one frameDue() queued however often mpv asks, as MpvPlayer does for its events.
    std::atomic_bool m_frameDueQueued = false;
    quint64 m_renderedFrames = 0;
    VideoOverlay *m_overlay = nullptr;
};

} // namespace watchium
