#pragma once

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QRandomGenerator>

// PNG files made in memory, for the tests that serve avatars over HTTP.
namespace watchium::test {

inline QByteArray pngOf(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

inline QByteArray solidPng(QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    return pngOf(image);
}

// Noise does not compress: a real PNG far past the 512 KiB avatar bound, one that would decode
// fine if the bound were not kept.
inline QByteArray noisePng()
{
    QImage image(600, 600, QImage::Format_RGB32);
    QRandomGenerator random(42);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, random.generate());
    }
    return pngOf(image);
}

} // namespace watchium::test
