#include "AvatarPainter.h"

#include <QGuiApplication>
#include <QTest>

using watchium::app::AvatarPainter;

// The avatar pictures: the placeholder's initial and colour, and photos cut to a circle.
class TestAvatarPainter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initial_data();
    void initial();
    void colour_data();
    void colour();
    void placeholderIsTheMembersColour();
    void circle_data();
    void circle();
};

void TestAvatarPainter::initial_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("initial");
    QTest::newRow("latin") << "hana"
                           << "H";
    QTest::newRow("leading_space") << "  kenji"
                                   << "K";
    QTest::newRow("empty") << ""
                           << "?";
    QTest::newRow("blank") << " \t "
                           << "?";
    QTest::newRow("japanese") << "ゆい"
                              << "ゆ";
    QTest::newRow("digit") << "42nd"
                           << "4";
    // One character as a reader sees it: not half a surrogate pair, not a bare base letter.
    QTest::newRow("emoji") << QStringLiteral("\U0001F600 smile") << QStringLiteral("\U0001F600");
    QTest::newRow("combining_accent") << QStringLiteral("e\u0301mile") << QStringLiteral("E\u0301");
}

void TestAvatarPainter::initial()
{
    QFETCH(QString, name);
    QFETCH(QString, initial);
    QCOMPARE(AvatarPainter::initialOf(name), initial);
}

void TestAvatarPainter::colour_data()
{
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QString>("colour");
    // Pinned: a member's colour must be the same in every run and on every machine.
    QTest::newRow("a") << "a"
                       << "#1565c0";
    QTest::newRow("b") << "b"
                       << "#5d4037";
    QTest::newRow("host") << "host-1"
                          << "#6a1b9a";
    QTest::newRow("non_ascii") << "ユーザー"
                               << "#00838f";
}

void TestAvatarPainter::colour()
{
    QFETCH(QString, userId);
    QFETCH(QString, colour);
    QCOMPARE(AvatarPainter::colourFor(userId).name(), colour);
}

void TestAvatarPainter::placeholderIsTheMembersColour()
{
    const QImage image = AvatarPainter::placeholder(QStringLiteral("b"), QStringLiteral("Ben"));
    QCOMPARE(image.size(), QSize(AvatarPainter::kSize, AvatarPainter::kSize));
    // Above the initial, inside the circle; the corners stay transparent.
    QCOMPARE(image.pixelColor(AvatarPainter::kSize / 2, AvatarPainter::kSize / 8).name(),
             QStringLiteral("#5d4037"));
    QCOMPARE(image.pixelColor(0, 0).alpha(), 0);
}

void TestAvatarPainter::circle_data()
{
    QTest::addColumn<QSize>("photoSize");
    QTest::newRow("square") << QSize(200, 200);
    QTest::newRow("wide") << QSize(300, 100);
    QTest::newRow("tall") << QSize(40, 90);
    QTest::newRow("small") << QSize(9, 9);
}

void TestAvatarPainter::circle()
{
    QFETCH(QSize, photoSize);
    // Green in the middle third, red at the sides: covering crops the sides, never squashes.
    QImage photo(photoSize, QImage::Format_RGB32);
    photo.fill(Qt::red);
    const int third = qMax(1, qMin(photoSize.width(), photoSize.height()) / 3);
    for (int y = 0; y < photoSize.height(); ++y) {
        for (int x = (photoSize.width() - third) / 2; x < (photoSize.width() + third) / 2; ++x)
            photo.setPixelColor(x, y, Qt::green);
    }
    const QImage circle = AvatarPainter::circle(photo);
    QCOMPARE(circle.size(), QSize(AvatarPainter::kSize, AvatarPainter::kSize));
    QCOMPARE(circle.pixelColor(0, 0).alpha(), 0);
    QCOMPARE(circle.pixelColor(AvatarPainter::kSize - 1, AvatarPainter::kSize - 1).alpha(), 0);
    const QColor centre = circle.pixelColor(AvatarPainter::kSize / 2, AvatarPainter::kSize / 2);
    QVERIFY2(centre.green() > 200 && centre.red() < 60, qPrintable(centre.name()));
    QVERIFY(AvatarPainter::circle(QImage()).isNull());
}

QTEST_MAIN(TestAvatarPainter)
#include "tst_avatarpainter.moc"
