#pragma once

class QPainter;
class QSize;

namespace watchium {

// Something drawn over the video in MpvVideoWidget::paintGL(), after mpv's frame, in logical
// pixels; called at the video's frame rate while it plays.
class VideoOverlay
{
public:
    virtual ~VideoOverlay() = default;
    virtual void paintOverlay(QPainter &painter, const QSize &size) = 0;
};

} // namespace watchium
