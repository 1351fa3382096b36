#include "MpvVideoWidget.h"

#include "MpvPlayer.h"
#include "MpvRenderer.h"
#include "VideoOverlay.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLPaintDevice>
#include <QPainter>
#include <QWindow>

namespace watchium {

namespace {

Q_LOGGING_CATEGORY(lcVideo, "watchium.ui.video")

} // namespace

MpvVideoWidget::MpvVideoWidget(MpvPlayer *player, QWidget *parent)
    : QOpenGLWidget(parent)
    , m_player(player)
{
    // A direct connection: the render context must be freed while mpv still exists.
    connect(player, &MpvPlayer::aboutToBeDestroyed, this, &MpvVideoWidget::playerGoing,
            Qt::DirectConnection);
    // Each swap Qt reports is the frame paintGL() drew last reaching the screen.
    connect(this, &QOpenGLWidget::frameSwapped, this, [this] {
        if (m_renderer)
            m_renderer->reportSwap();
    });
}

MpvVideoWidget::~MpvVideoWidget()
{
    // QOpenGLWidget destroys its context after this destructor, and aboutToBeDestroyed would
    // then call into the part of this object already gone.
    if (QOpenGLContext *glContext = context())
        disconnect(glContext, nullptr, this, nullptr);
    releaseRenderer();
}

bool MpvVideoWidget::isRendering() const
{
    return m_renderer != nullptr;
}

void MpvVideoWidget::setOverlay(VideoOverlay *overlay)
{
    m_overlay = overlay;
    update();
}

void MpvVideoWidget::initializeGL()
{
    // Also when the widget moved to another window: Qt made a new context, the old one's
    // aboutToBeDestroyed released the old render context.
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &MpvVideoWidget::releaseRenderer,
            Qt::DirectConnection);
    if (!m_player)
        return;
    QString error;
    m_renderer = MpvRenderer::create(
        m_player, context(), [this] { postFrameDue(this); }, &error);
    if (!m_renderer) {
        qCCritical(lcVideo).noquote() << error;
        Q_EMIT renderError(error);
        return;
    }
    qCDebug(lcVideo) << "rendering with" << context()->format();
    Q_EMIT renderingStarted();
}

void MpvVideoWidget::paintGL()
{
    if (m_renderer) {
        // Device pixels, the size of the framebuffer QOpenGLWidget made for this paint.
        m_renderer->render(defaultFramebufferObject(), size() * devicePixelRatio());
    } else {
        QOpenGLFunctions *gl = context()->functions();
        gl->glClearColor(0, 0, 0, 1);
        gl->glClear(GL_COLOR_BUFFER_BIT);
    }
    if (m_overlay) {
        // On the frame mpv just drew, in the same framebuffer: nothing stacked on the GL
        // surface, so it stays with the video in fullscreen and costs one pass of blits. A
        // paint device of the framebuffer rather than QPainter(this), which a grab of the
        // window redirects away from it.
        context()->functions()->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
        QOpenGLPaintDevice device(size() * devicePixelRatio());
        device.setDevicePixelRatio(devicePixelRatio());
        QPainter painter(&device);
        m_overlay->paintOverlay(painter, size());
    }
    ++m_renderedFrames;
    Q_EMIT frameRendered();
}

void MpvVideoWidget::postFrameDue(MpvVideoWidget *self)
{
    // On one of mpv's threads, which must not wait for the GUI thread.
    if (self->m_frameDueQueued.exchange(true))
        return;
    QMetaObject::invokeMethod(self, &MpvVideoWidget::frameDue, Qt::QueuedConnection);
}

void MpvVideoWidget::frameDue()
{
    m_frameDueQueued = false;
    if (!m_renderer)
        return;
    if (isOnScreen()) {
        update();
        return;
    }
    // Qt does not paint a hidden or minimised widget, while mpv waits for each frame to be
    // rendered and swapped: so take the frame off its queue here.
    makeCurrent();
    m_renderer->skip();
    doneCurrent();
}

bool MpvVideoWidget::isOnScreen() const
{
    // The conditions under which update() leads to a paintGL() soon.
    const QWindow *window = this->window()->windowHandle();
    return isVisible() && !size().isEmpty() && window && window->isExposed()
        && !this->window()->isMinimized();
}

void MpvVideoWidget::releaseRenderer()
{
    if (!m_renderer)
        return;
    // mpv deletes its textures and buffers, in the context they were made in.
    makeCurrent();
    m_renderer.reset();
    doneCurrent();
    qCDebug(lcVideo) << "render context released";
}

void MpvVideoWidget::playerGoing()
{
    releaseRenderer();
    m_player = nullptr;
    update();
}

} // namespace watchium
