#pragma once

#include <QList>
#include <QSlider>

namespace watchium::app {

// The seek bar: a click on the groove moves the handle there and asks for that position, as
// a drag does; a strip along the groove shows where the episode's comments cluster.
class SeekSlider : public QSlider
{
    Q_OBJECT

public:
    explicit SeekSlider(QWidget *parent = nullptr);

    // Video seconds of the comments the strip is drawn from.
    void setCommentTimes(const QList<double> &seconds);
    // The strip as drawn now (see CommentDensity), one value per bucket.
    QList<double> densityStrip() const;
    static constexpr int kBucketPixels = 4;

Q_SIGNALS:
    // A click on the groove, in slider units (ms).
    void grooveClicked(int value);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QRect grooveRect() const;

    QList<double> m_commentTimes;
};

} // namespace watchium::app
