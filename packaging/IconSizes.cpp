// Writes the app icon at the hicolor theme's usual sizes, from the 256-pixel master, so that a
// desktop never scales it itself: `watchium-icon-sizes MASTER.png OUTDIR SIZE...` writes
// OUTDIR/SIZExSIZE/apps/watchium.png for each SIZE.
#include <QDir>
#include <QGuiApplication>
#include <QImage>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: watchium-icon-sizes MASTER.png OUTDIR SIZE...\n");
        return 2;
    }
    const QImage master(QString::fromLocal8Bit(argv[1]));
    if (master.isNull()) {
        std::fprintf(stderr, "watchium-icon-sizes: cannot read %s\n", argv[1]);
        return 1;
    }
    const QString out = QString::fromLocal8Bit(argv[2]);
    for (int i = 3; i < argc; ++i) {
        const int size = QByteArray(argv[i]).toInt();
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(out).arg(size);
        const QImage scaled =
            master.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        if (size <= 0 || !QDir().mkpath(dir) || !scaled.save(dir + QStringLiteral("/watchium.png"))) {
            std::fprintf(stderr, "watchium-icon-sizes: cannot write size %s\n", argv[i]);
            return 1;
        }
    }
    return 0;
}
