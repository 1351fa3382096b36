#include "SeekSlider.h"

#include "CommentDensity.h"

#include <QMouseEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>

namespace watchium::app {

SeekSlider::SeekSlider(QWidget *parent)
    : QSlider(Qt::Horizontal, parent)
{
}

void SeekSlider::setCommentTimes(const QList<double> &seconds)
{
    m_commentTimes = seconds;
    update();
}

QList<double> SeekSlider::densityStrip() const
{
    const QRect groove = grooveRect();
    return CommentDensity::strip(m_commentTimes, maximum() / 1000.0,
                                 groove.width() / kBucketPixels);
}

QRect SeekSlider::grooveRect() const
{
    QStyleOptionSlider option;
    initStyleOption(&option);
    return style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, this);
}

void SeekSlider::mousePressEvent(QMouseEvent *event)
{
    QStyleOptionSlider option;
    initStyleOption(&option);
    const QRect handle =
        style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, this);
    // The handle itself is dragged as before; a click beside it used to step a page, which
    // nobody means on a seek bar.
    if (event->button() != Qt::LeftButton || handle.contains(event->position().toPoint())
        || maximum() <= minimum()) {
        QSlider::mousePressEvent(event);
        return;
    }
    const QRect groove = grooveRect();
    const int span = groove.width() - handle.width();
    const int x = event->position().toPoint().x() - groove.x() - handle.width() / 2;
    const int value = QStyle::sliderValueFromPosition(minimum(), maximum(), x, std::max(1, span),
                                                      option.upsideDown);
    setValue(value);
    event->accept();
    Q_EMIT grooveClicked(value);
}

void SeekSlider::paintEvent(QPaintEvent *event)
{
    QSlider::paintEvent(event);
    const QList<double> strip = densityStrip();
    if (strip.isEmpty())
        return;
    // A thin band under the groove, so it never hides the handle or the played part.
    const QRect groove = grooveRect();
    const int height = 4;
    const int top = std::min(rect().bottom() - height + 1, groove.center().y() + 5);
    QPainter painter(this);
    const double bucket = double(groove.width()) / strip.size();
    QColor colour(255, 140, 0);
    for (int i = 0; i < strip.size(); ++i) {
        if (strip[i] <= 0)
            continue;
        colour.setAlphaF(float(0.25 + 0.75 * strip[i]));
        painter.fillRect(QRectF(groove.x() + i * bucket, top, bucket, height), colour);
    }
}

} // namespace watchium::app
