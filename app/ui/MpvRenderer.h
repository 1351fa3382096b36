#pragma once

#include <QSize>
#include <QString>
#include <QtGlobal>

#include <functional>
#include <memory>

struct mpv_render_context;

QT_BEGIN_NAMESPACE
class QOpenGLContext;
QT_END_NAMESPACE

namespace watchium {

class MpvPlayer;

// One mpv_render_context: the video of an MpvPlayer (vo=libmpv) drawn with OpenGL. Knows no
// widget. Creating, every call and destroying need the OpenGL context it was created with to be
// current on the calling thread, and it must be destroyed before the player.
class MpvRenderer
{
public:
    // Runs on one of mpv's threads when a frame is due or a redraw is needed. It must not call
    // into mpv or block: it only schedules a render on the thread owning the GL context.
    using UpdateCallback = std::function<void()>;

    // Null on failure, with the reason in *error (an OpenGL too old for mpv, typically).
    static std::unique_ptr<MpvRenderer> create(MpvPlayer *player, QOpenGLContext *context,
                                               UpdateCallback onUpdate, QString *error);
    ~MpvRenderer();

    // Draws the next frame, or the last one again, into the framebuffer object `fbo` of `size`
    // device pixels, bottom-up as OpenGL stores it. mpv letterboxes to the size's aspect.
    void render(quint32 fbo, QSize size);
    // Takes the frame due, if any, off mpv's queue without drawing it, and reports it swapped,
    // for when nothing is on screen: mpv's video output waits up to 200 ms for every frame to be
    // rendered and swapped, and would drop frames to catch up.
    void skip();
    // After the frame render() drew was put on screen; mpv times frames by it.
    void reportSwap();

private:
    MpvRenderer() = default;
    Q_DISABLE_COPY_MOVE(MpvRenderer)

    static void *procAddress(void *context, const char *name);
    static void update(void *self);

    mpv_render_context *m_context = nullptr;
    UpdateCallback m_onUpdate;
};

} // namespace watchium
