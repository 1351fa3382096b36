#pragma once

#include "DanmakuLayout.h"
#include "VideoOverlay.h"

#include <QElapsedTimer>
#include <QFont>
#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QTimer>

#include <functional>

namespace watchium {
class MpvVideoWidget;
} // namespace watchium

namespace watchium::app {

// The episode's comments flying over the video at their timestamps (danmaku) and the members'
// reactions floating up, drawn by the video widget after each frame. Comments move with the
// video's time (see DanmakuLayout); reactions with the wall clock, for a few seconds. Text is
// drawn as plain text into images kept per comment, so a frame only copies pixels.
class DanmakuOverlay : public QObject, public VideoOverlay
{
    Q_OBJECT

public:
    enum class Density { Low, Medium, High };
    Q_ENUM(Density)
    static constexpr int kMaxChars = 80; // longer comments are cut, the panel has them whole

    // `position` is the video position now, in seconds.
    DanmakuOverlay(MpvVideoWidget *video, std::function<double()> position,
                   QObject *parent = nullptr);
    ~DanmakuOverlay() override;

    // A comment of the episode's thread (`live`: just posted, shown from now on rather than
    // from its timestamp, so everyone sees it at once). The anchor and comments without a
    // timestamp are not shown over the video.
    void addComment(const QJsonObject &comment, bool live);
    void addReaction(const QString &emoji, const QString &username);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    void setDensity(Density density);
    Density density() const { return m_density; }
    void setOpacity(double opacity);
    double opacity() const { return m_opacity; }

    // Video seconds of every comment over the video, for the seek bar's strip.
    QList<double> commentTimes() const;
    // What the last paint showed: comments' texts and reactions' emoji.
    QStringList shownTexts() const { return m_shownTexts; }
    QStringList shownReactions() const { return m_shownReactions; }
    // Where the last paint put a comment's text, logical pixels; null if not shown.
    QRectF shownRect(qint64 commentId) const { return m_shownRects.value(commentId); }

    void paintOverlay(QPainter &painter, const QSize &size) override;

Q_SIGNALS:
    void commentsChanged();

private:
    struct Comment
    {
        QString text;
        double timestamp = 0.0; // as posted
        double start = 0.0; // when it flies in
    };
    struct Reaction
    {
        QString emoji;
        QString username;
        qint64 bornMs = 0;
        double x = 0.0; // share of the width
    };

    void relayout();
    void updateGeometry(const QSize &size);
    QImage textImage(const QString &text, const QFont &font) const;
    const QImage &commentImage(qint64 id);
    void paintComments(QPainter &painter);
    void paintReactions(QPainter &painter, const QSize &size);
    void tick();
    void repaint();

    QPointer<MpvVideoWidget> m_video;
    std::function<double()> m_position;
    QHash<qint64, Comment> m_comments;
    DanmakuLayout m_layout;
    QHash<qint64, QImage> m_images;
    QHash<QString, QImage> m_emojiImages;
    QList<Reaction> m_reactions;
    QSize m_size;
    QFont m_font;
    double m_lineHeight = 0.0;
    qreal m_dpr = 1.0;
    bool m_enabled = true;
    Density m_density = Density::Medium;
    double m_opacity = 0.85;
    QTimer m_animation;
    QElapsedTimer m_clock;
    qint64 m_lastPaintMs = -1;
    int m_reactionCount = 0;
    QStringList m_shownTexts;
    QStringList m_shownReactions;
    QHash<qint64, QRectF> m_shownRects;
};

} // namespace watchium::app
