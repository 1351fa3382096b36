#include "TestMediaFile.h"

#include <QFile>
#include <QtEndian>

namespace watchium::test {

namespace {

constexpr quint32 kRate = 8000;

void put32(QByteArray &b, quint32 v)
{
    char le[4];
    qToLittleEndian(v, le);
    b.append(le, 4);
}

void put16(QByteArray &b, quint16 v)
{
    char le[2];
    qToLittleEndian(v, le);
    b.append(le, 2);
}

} // namespace

bool writeWav(const QString &path, double seconds, quint8 tone)
{
    const quint32 samples = quint32(seconds * kRate);
    QByteArray b;
    b.append("RIFF");
    put32(b, 36 + samples);
    b.append("WAVEfmt ");
    put32(b, 16); // the PCM format chunk's size
    put16(b, 1); // PCM
    put16(b, 1); // mono
    put32(b, kRate);
    put32(b, kRate); // bytes a second
    put16(b, 1); // bytes a frame
    put16(b, 8); // bits a sample
    b.append("data");
    put32(b, samples);
    b.append(QByteArray(qsizetype(samples), char(tone)));
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(b) == b.size();
}

} // namespace watchium::test
