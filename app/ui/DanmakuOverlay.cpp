#include "DanmakuOverlay.h"

#include "domain/Reactions.h"
#include "MpvVideoWidget.h"

#include <QFontMetricsF>
#include <QPaintDevice>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace watchium::app {

namespace {

// A frame comes from mpv at the video's rate while it plays; a paused video gets one from the
// overlay's own timer while reactions move, at about this rate.
constexpr int kAnimationMs = 33;
// The bottom of the picture is left to subtitles.
constexpr double kLaneArea = 0.75;

double densityShare(DanmakuOverlay::Density density)
{
    switch (density) {
    case DanmakuOverlay::Density::Low:
        return 0.25;
    case DanmakuOverlay::Density::Medium:
        return 0.5;
    case DanmakuOverlay::Density::High:
        break;
    }
    return 1.0;
}

QString lineOf(const QString &message)
{
    // One line, plain text: line breaks and runs of spaces become one space.
    const QString line = message.simplified();
    return line.size() > DanmakuOverlay::kMaxChars
        ? line.left(DanmakuOverlay::kMaxChars - 1) + QChar(0x2026)
        : line;
}

} // namespace

DanmakuOverlay::DanmakuOverlay(MpvVideoWidget *video, std::function<double()> position,
                               QObject *parent)
    : QObject(parent)
    , m_video(video)
    , m_position(std::move(position))
{
    m_video->setOverlay(this);
    m_clock.start();
    m_animation.setInterval(kAnimationMs);
    connect(&m_animation, &QTimer::timeout, this, &DanmakuOverlay::tick);
    m_font.setBold(true);
}

DanmakuOverlay::~DanmakuOverlay()
{
    if (m_video)
        m_video->setOverlay(nullptr);
}

void DanmakuOverlay::addComment(const QJsonObject &comment, bool live)
{
    const qint64 id = comment.value(QLatin1String("id")).toInteger();
    const QJsonValue at = comment.value(QLatin1String("video_timestamp"));
    if (id <= 0 || m_comments.contains(id) || comment.value(QLatin1String("is_anchor")).toBool()
        || !at.isDouble())
        return;
    const QString text = lineOf(comment.value(QLatin1String("message")).toString());
    if (text.isEmpty())
        return;
    const double timestamp = at.toDouble();
    m_comments.insert(id, {text, timestamp, live && m_position ? m_position() : timestamp});
    relayout();
    Q_EMIT commentsChanged();
    repaint();
}

void DanmakuOverlay::addReaction(const QString &emoji, const QString &username)
{
    // Only the set's emoji are drawn: whatever else a peer sends is not ours to show.
    if (!reactions::emojis().contains(emoji))
        return;
    // Spread over the right part of the picture, each a little apart from the one before.
    const double x = 0.72 + 0.22 * ((m_reactionCount++ * 37) % 100) / 100.0;
    m_reactions.append({emoji, username.left(32), m_clock.elapsed(), x});
    if (!m_animation.isActive())
        m_animation.start();
    repaint();
}

void DanmakuOverlay::setEnabled(bool enabled)
{
    m_enabled = enabled;
    repaint();
}

void DanmakuOverlay::setDensity(Density density)
{
    m_density = density;
    relayout();
    repaint();
}

void DanmakuOverlay::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.1, 1.0);
    repaint();
}

QList<double> DanmakuOverlay::commentTimes() const
{
    QList<double> times;
    times.reserve(m_comments.size());
    for (const Comment &comment : m_comments)
        times.append(comment.timestamp);
    return times;
}

void DanmakuOverlay::updateGeometry(const QSize &size)
{
    if (size == m_size)
        return;
    m_size = size;
    // Readable on a small window, not huge in fullscreen.
    m_font.setPixelSize(std::clamp(size.height() / 16, 14, 44));
    m_lineHeight = std::ceil(QFontMetricsF(m_font).height() * 1.2);
    m_images.clear();
    m_emojiImages.clear();
    relayout();
}

void DanmakuOverlay::relayout()
{
    if (m_size.isEmpty())
        return;
    DanmakuLayout::Settings settings;
    settings.screenWidth = m_size.width();
    settings.lanes = int(m_size.height() * kLaneArea / m_lineHeight);
    settings.density = densityShare(m_density);
    settings.gap = m_lineHeight;
    QList<DanmakuLayout::Item> items;
    items.reserve(m_comments.size());
    const QFontMetricsF metrics(m_font);
    for (auto it = m_comments.cbegin(); it != m_comments.cend(); ++it)
        items.append({it.key(), it->start, metrics.horizontalAdvance(it->text) + m_lineHeight / 4});
    m_layout.setSettings(settings);
    m_layout.setItems(items);
}

QImage DanmakuOverlay::textImage(const QString &text, const QFont &font) const
{
    const QFontMetricsF metrics(font);
    const double outline = std::max(2.0, font.pixelSize() / 10.0);
    const QSizeF logical(metrics.horizontalAdvance(text) + 2 * outline,
                         metrics.height() + 2 * outline);
    QImage image((logical * m_dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(m_dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    // A path is only ever text: nothing in a comment is read as markup.
    QPainterPath path;
    path.addText(outline, outline + metrics.ascent(), font, text);
    painter.strokePath(
        path, QPen(QColor(0, 0, 0, 220), outline * 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.fillPath(path, Qt::white);
    return image;
}

const QImage &DanmakuOverlay::commentImage(qint64 id)
{
    auto it = m_images.find(id);
    if (it == m_images.end())
        it = m_images.insert(id, textImage(m_comments.value(id).text, m_font));
    return *it;
}

void DanmakuOverlay::paintOverlay(QPainter &painter, const QSize &size)
{
    m_lastPaintMs = m_clock.elapsed();
    const qreal dpr = painter.device()->devicePixelRatioF();
    if (!qFuzzyCompare(dpr, m_dpr)) {
        m_dpr = dpr;
        m_size = {};
    }
    updateGeometry(size);
    m_shownTexts.clear();
    m_shownRects.clear();
    m_shownReactions.clear();
    if (m_enabled && !m_comments.isEmpty())
        paintComments(painter);
    if (!m_reactions.isEmpty())
        paintReactions(painter, size);
}

void DanmakuOverlay::paintComments(QPainter &painter)
{
    const double now = m_position ? m_position() : 0.0;
    const double top = m_lineHeight / 4;
    painter.save();
    painter.setOpacity(m_opacity);
    for (const DanmakuLayout::Shown &shown : m_layout.shownAt(now)) {
        const QImage &image = commentImage(shown.id);
        const QPointF at(shown.x, top + shown.lane * m_lineHeight);
        painter.drawImage(at, image);
        m_shownTexts.append(m_comments.value(shown.id).text);
        m_shownRects.insert(shown.id, QRectF(at, image.deviceIndependentSize()));
    }
    painter.restore();
}

void DanmakuOverlay::paintReactions(QPainter &painter, const QSize &size)
{
    const qint64 now = m_clock.elapsed();
    QFont emojiFont = m_font;
    emojiFont.setBold(false);
    // Text fonts carry black-and-white faces for some of these; the colour ones come first.
    emojiFont.setFamilies({QStringLiteral("Noto Color Emoji"), m_font.family()});
    emojiFont.setPixelSize(int(m_lineHeight * 1.6));
    QFont nameFont = m_font;
    nameFont.setPixelSize(std::max(11, int(m_lineHeight / 2)));
    painter.save();
    for (const Reaction &reaction : std::as_const(m_reactions)) {
        const double progress = double(now - reaction.bornMs) / reactions::kShownMs;
        if (progress < 0 || progress >= 1)
            continue;
        // Floats up over the lower half of the picture and fades out at the end.
        painter.setOpacity(progress < 0.7 ? 1.0 : (1.0 - progress) / 0.3);
        auto image = m_emojiImages.find(reaction.emoji);
        if (image == m_emojiImages.end()) {
            const QFontMetricsF metrics(emojiFont);
            QImage drawn(
                (QSizeF(metrics.horizontalAdvance(reaction.emoji), metrics.height()) * m_dpr)
                    .toSize(),
                QImage::Format_ARGB32_Premultiplied);
            drawn.setDevicePixelRatio(m_dpr);
            drawn.fill(Qt::transparent);
            QPainter emojiPainter(&drawn);
            emojiPainter.setFont(emojiFont);
            // Colour emoji are bitmaps in the font: drawn as text, not as a path's outline.
            emojiPainter.drawText(QPointF(0, metrics.ascent()), reaction.emoji);
            emojiPainter.end();
            image = m_emojiImages.insert(reaction.emoji, drawn);
        }
        const QSizeF imageSize = image->deviceIndependentSize();
        const QPointF centre(reaction.x * size.width(), size.height() * (0.85 - 0.5 * progress));
        painter.drawImage(centre - QPointF(imageSize.width() / 2, imageSize.height() / 2), *image);
        if (!reaction.username.isEmpty()) {
            painter.setFont(nameFont);
            const QRectF below(centre.x() - 100, centre.y() + imageSize.height() / 2, 200,
                               m_lineHeight);
            painter.setPen(QColor(0, 0, 0, 200));
            painter.drawText(below.translated(1, 1), Qt::AlignHCenter | Qt::AlignTop,
                             reaction.username);
            painter.setPen(Qt::white);
            painter.drawText(below, Qt::AlignHCenter | Qt::AlignTop, reaction.username);
        }
        m_shownReactions.append(reaction.emoji);
    }
    painter.restore();
}

void DanmakuOverlay::tick()
{
    const qint64 now = m_clock.elapsed();
    m_reactions.removeIf(
        [now](const Reaction &r) { return now - r.bornMs >= reactions::kShownMs; });
    if (m_reactions.isEmpty())
        m_animation.stop();
    // While the video plays, its own frames repaint often enough; asking for more would only
    // render mpv's frame again.
    if (now - m_lastPaintMs > kAnimationMs + 10 || m_reactions.isEmpty())
        repaint();
}

void DanmakuOverlay::repaint()
{
    if (m_video)
        m_video->update();
}

} // namespace watchium::app
