#include "MpvRenderer.h"

#include "MpvPlayer.h"

#include <QGuiApplication>
#include <QOpenGLContext>

#include <mpv/render_gl.h>

#include <vector>

namespace watchium {

std::unique_ptr<MpvRenderer> MpvRenderer::create(MpvPlayer *player, QOpenGLContext *context,
                                                 UpdateCallback onUpdate, QString *error)
{
    if (!player->handle()) {
        *error = QStringLiteral("The player has no mpv");
        return nullptr;
    }
    mpv_opengl_init_params glInit{&MpvRenderer::procAddress, context};
    const char *apiType = MPV_RENDER_API_TYPE_OPENGL;
    std::vector<mpv_render_param> params = {
        {MPV_RENDER_PARAM_API_TYPE, const_cast<char *>(apiType)},
        {MPV_RENDER_PARAM_OPENGL_INIT_PARAMS, &glInit},
    };
#if QT_CONFIG(xcb)
    // Hardware decoding interop (VA-API over GLX) needs the display the GL context lives on.
    if (auto *x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>())
        params.push_back({MPV_RENDER_PARAM_X11_DISPLAY, x11->display()});
#endif
    params.push_back({MPV_RENDER_PARAM_INVALID, nullptr});

    std::unique_ptr<MpvRenderer> renderer(new MpvRenderer);
    if (const int status =
            mpv_render_context_create(&renderer->m_context, player->handle(), params.data());
        status < 0) {
        *error = QStringLiteral("Cannot create the mpv render context: %1")
                     .arg(QString::fromUtf8(mpv_error_string(status)));
        return nullptr;
    }
    renderer->m_onUpdate = std::move(onUpdate);
    mpv_render_context_set_update_callback(renderer->m_context, &MpvRenderer::update,
                                           renderer.get());
    return renderer;
}

MpvRenderer::~MpvRenderer()
{
    // Also stops the update callback; if a file plays, mpv turns its video off.
    mpv_render_context_free(m_context);
}

void MpvRenderer::render(quint32 fbo, QSize size)
{
    mpv_opengl_fbo target{static_cast<int>(fbo), size.width(), size.height(), 0};
    int flipY = 1;
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_OPENGL_FBO, &target},
        {MPV_RENDER_PARAM_FLIP_Y, &flipY},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    mpv_render_context_render(m_context, params);
}

void MpvRenderer::skip()
{
    // Only a frame that is due: rendering without one would redraw, and wait for nothing.
    if (!(mpv_render_context_update(m_context) & MPV_RENDER_UPDATE_FRAME))
        return;
    int skip = 1;
    // Nobody watches, so nothing to hold the GUI thread for until the frame's display time.
    int block = 0;
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_SKIP_RENDERING, &skip},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    mpv_render_context_render(m_context, params);
    // Once a swap has been reported, mpv waits for one after every frame.
    mpv_render_context_report_swap(m_context);
}

void MpvRenderer::reportSwap()
{
    mpv_render_context_report_swap(m_context);
}

void *MpvRenderer::procAddress(void *context, const char *name)
{
    return reinterpret_cast<void *>(
        static_cast<QOpenGLContext *>(context)->getProcAddress(QByteArray(name)));
}

void MpvRenderer::update(void *self)
{
    static_cast<MpvRenderer *>(self)->m_onUpdate();
}

} // namespace watchium
