#include "AvatarPainter.h"

#include <QFont>
#include <QPainter>
#include <QTextBoundaryFinder>

#include <array>

namespace watchium::app {

namespace {

// Dark Material shades: each carries white text, and none is the green, orange or red of a sync
// badge, so a member's colour never reads as their sync state.
constexpr std::array<QRgb, 10> kPalette {0x1565c0, 0x6a1b9a, 0x00838f, 0x0277bd, 0xad1457,
                                         0x4527a0, 0x00695c, 0x5d4037, 0x37474f, 0x283593};

// FNV-1a: qHash is seeded per process, and the colour must not change between runs.
quint32 stableHash(const QString &text)
{
    quint32 hash = 2166136261u;
    for (const char byte : text.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return hash;
}

// A disc filling a transparent square: what is outside the circle stays see-through.
QImage disc(int size, const QBrush &brush)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(brush);
    painter.drawEllipse(image.rect());
    return image;
}

} // namespace

QColor AvatarPainter::colourFor(const QString &userId)
{
    return QColor::fromRgb(kPalette[stableHash(userId) % kPalette.size()]);
}

QString AvatarPainter::initialOf(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("?");
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, trimmed);
    const qsizetype end = graphemes.toNextBoundary();
    return trimmed.left(end > 0 ? end : 1).toUpper();
}

QImage AvatarPainter::placeholder(const QString &userId, const QString &name, int size)
{
    QImage image = disc(size, colourFor(userId));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QFont font = painter.font();
    font.setPixelSize(size / 2);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(image.rect(), Qt::AlignCenter, initialOf(name));
    return image;
}

QImage AvatarPainter::circle(const QImage &photo, int size)
{
    if (photo.isNull())
        return {};
    const QImage scaled =
        photo.scaled(size, size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    const QImage square =
        scaled.copy((scaled.width() - size) / 2, (scaled.height() - size) / 2, size, size);
    return disc(size, QBrush(square));
}

} // namespace watchium::app
