#include "DanmakuOverlay.h"
#include "MpvPlayer.h"
#include "MpvVideoWidget.h"

#include <QDir>
#include <QImage>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace watchium;
using watchium::app::DanmakuOverlay;

namespace {

// Black, so any light pixel is the overlay's; long enough for every test.
const QString kBlack = QStringLiteral("av://lavfi:color=c=black:size=480x270:rate=25:duration=120");
const QString kPattern = QStringLiteral("av://lavfi:testsrc=size=480x270:rate=25:duration=60");
constexpr int kTimeoutMs = 15000;
const QSize kSize(480, 270);

MpvPlayer::Options videoOptions()
{
    MpvPlayer::Options options;
    options.mpvOptions = {{"ao", "null"}, {"cache", "yes"}};
    return options;
}

QJsonObject comment(qint64 id, const QString &message, double at)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("message"), message},
            {QStringLiteral("username"), QStringLiteral("Ann")},
            {QStringLiteral("video_timestamp"), at}};
}

bool isLight(QRgb pixel)
{
    return qRed(pixel) > 200 && qGreen(pixel) > 200 && qBlue(pixel) > 200;
}

bool isColourful(QRgb pixel)
{
    const int high = qMax(qRed(pixel), qMax(qGreen(pixel), qBlue(pixel)));
    const int low = qMin(qRed(pixel), qMin(qGreen(pixel), qBlue(pixel)));
    return high - low > 100;
}

// Light pixels of `image` inside `area` (logical pixels), or outside it when `inside` is false.
int lightPixels(const QImage &image, QRectF area, bool inside, qreal dpr)
{
    const QRect device = QRectF(area.topLeft() * dpr, area.size() * dpr).toAlignedRect();
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (device.contains(x, y) == inside && isLight(image.pixel(x, y)))
                ++count;
        }
    }
    return count;
}

} // namespace

// The danmaku drawn over real libmpv frames in the video widget's own framebuffer: the comment's
// text where its lane and the video time put it, nothing when turned off; reactions in colour.
class TestDanmakuOverlay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void commentIsDrawnOverTheVideo();
    void commentMovesWithTheVideo();
    void reactionIsDrawnInColour();
    void screenshot();

private:
    bool showAndPlay(const QString &clip);
    bool pauseAndSettle();
    QImage frame();

    std::unique_ptr<MpvPlayer> m_player;
    std::unique_ptr<MpvVideoWidget> m_widget;
    std::unique_ptr<DanmakuOverlay> m_overlay;
};

void TestDanmakuOverlay::init()
{
    m_player = std::make_unique<MpvPlayer>(videoOptions());
    m_widget = std::make_unique<MpvVideoWidget>(m_player.get());
    m_widget->resize(kSize);
    MpvPlayer *player = m_player.get();
    m_overlay =
        std::make_unique<DanmakuOverlay>(m_widget.get(), [player] { return player->position(); });
    m_overlay->setOpacity(1.0);
    m_overlay->setDensity(DanmakuOverlay::Density::High);
}

void TestDanmakuOverlay::cleanup()
{
    m_overlay.reset();
    m_widget.reset();
    m_player.reset();
}

bool TestDanmakuOverlay::showAndPlay(const QString &clip)
{
    m_widget->show();
    if (!QTest::qWaitForWindowExposed(m_widget.get(), kTimeoutMs)
        || !QTest::qWaitFor([&] { return m_widget->isRendering(); }, kTimeoutMs))
        return false;
    m_player->open(clip);
    m_player->play();
    return QTest::qWaitFor([&] { return m_player->timePos() > 1.0; }, kTimeoutMs);
}

bool TestDanmakuOverlay::pauseAndSettle()
{
    m_player->pause();
    return QTest::qWaitFor([&] { return !m_player->isPlaying() && !m_player->isSeeking(); },
                           kTimeoutMs);
}

QImage TestDanmakuOverlay::frame()
{
    // A paint of its own, so the image has the overlay as it is now.
    QSignalSpy frames(m_widget.get(), &MpvVideoWidget::frameRendered);
    m_widget->update();
    if (!frames.wait(kTimeoutMs))
        return {};
    return m_widget->grabFramebuffer();
}

void TestDanmakuOverlay::commentIsDrawnOverTheVideo()
{
    QVERIFY(showAndPlay(kBlack));
    QVERIFY(pauseAndSettle());
    const double now = m_player->position();
    const qreal dpr = m_widget->devicePixelRatio();

    // Half its 8 s crossing ago: its middle is at the middle of the picture, in the top lane.
    m_overlay->addComment(comment(1, QStringLiteral("HELLO WORLD"), now - 4.0), false);
    QImage image = frame();
    QVERIFY(!image.isNull());
    const QRectF at = m_overlay->shownRect(1);
    QVERIFY(!at.isNull());
    QVERIFY2(qAbs(at.center().x() - kSize.width() / 2.0) < 3, qPrintable(QString::number(at.x())));
    QVERIFY2(at.top() < at.height(), qPrintable(QString::number(at.top())));
    QVERIFY(m_overlay->shownTexts().contains(QStringLiteral("HELLO WORLD")));
    // The text's white fill is there, and nothing light anywhere else on the black video.
    QVERIFY2(lightPixels(image, at, true, dpr) > 40,
             qPrintable(QString::number(lightPixels(image, at, true, dpr))));
    QCOMPARE(lightPixels(image, at.adjusted(-2, -2, 2, 2), false, dpr), 0);

    // Turned off: gone from the very same frame.
    m_overlay->setEnabled(false);
    image = frame();
    QCOMPARE(lightPixels(image, QRectF(QPointF(0, 0), kSize), true, dpr), 0);
    QVERIFY(m_overlay->shownTexts().isEmpty());

    // A comment just posted flies in from the right edge now, whatever its timestamp says.
    m_overlay->setEnabled(true);
    m_overlay->addComment(comment(2, QStringLiteral("NEW"), 0.0), true);
    image = frame();
    const QRectF live = m_overlay->shownRect(2);
    QVERIFY(!live.isNull());
    QVERIFY2(live.x() > kSize.width() - 5, qPrintable(QString::number(live.x())));
    // Plain text: markup is drawn as the characters it is made of.
    m_overlay->addComment(comment(3, QStringLiteral("<b>bold</b>"), now - 2.0), false);
    frame();
    QVERIFY(m_overlay->shownTexts().contains(QStringLiteral("<b>bold</b>")));
}

void TestDanmakuOverlay::commentMovesWithTheVideo()
{
    QVERIFY(showAndPlay(kBlack));
    QVERIFY(pauseAndSettle());
    const double now = m_player->position();
    const qreal dpr = m_widget->devicePixelRatio();
    m_overlay->addComment(comment(1, QStringLiteral("MOVING"), now + 0.5), false);
    // Not before its time.
    QImage image = frame();
    QVERIFY(m_overlay->shownRect(1).isNull());
    QCOMPARE(lightPixels(image, QRectF(QPointF(0, 0), kSize), true, dpr), 0);

    // The video plays on: mpv's own frames carry it across, right to left.
    m_player->play();
    QTRY_VERIFY_WITH_TIMEOUT(!m_overlay->shownRect(1).isNull(), kTimeoutMs);
    const double firstX = m_overlay->shownRect(1).x();
    QTRY_VERIFY_WITH_TIMEOUT(m_overlay->shownRect(1).x() < firstX - 100, kTimeoutMs);
    QVERIFY(pauseAndSettle());
    image = frame();
    const QRectF at = m_overlay->shownRect(1);
    QVERIFY(lightPixels(image, at, true, dpr) > 20);

    // A seek back before its timestamp takes it off; the position alone decides.
    m_player->seek(std::max(0.0, now - 1.0));
    QTRY_VERIFY_WITH_TIMEOUT(m_player->position() < now, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_player->isSeeking(), kTimeoutMs);
    frame();
    QVERIFY(m_overlay->shownRect(1).isNull());
}

void TestDanmakuOverlay::reactionIsDrawnInColour()
{
    QVERIFY(showAndPlay(kBlack));
    QVERIFY(pauseAndSettle());
    // Paused: the overlay's own timer moves it.
    m_overlay->addReaction(QStringLiteral("\U0001F525"), QStringLiteral("Ann"));
    m_overlay->addReaction(QStringLiteral("not an emoji"), QStringLiteral("Bob"));
    const QImage image = frame();
    QCOMPARE(m_overlay->shownReactions(), QStringList {QStringLiteral("\U0001F525")});
    int colourful = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = image.width() / 2; x < image.width(); ++x)
            colourful += isColourful(image.pixel(x, y)) ? 1 : 0;
    QVERIFY2(colourful > 50, qPrintable(QString::number(colourful)));
    // Gone after its few seconds, with nothing else to paint.
    QTRY_VERIFY_WITH_TIMEOUT(m_overlay->shownReactions().isEmpty(), kTimeoutMs);
}

void TestDanmakuOverlay::screenshot()
{
    m_widget->resize(960, 540);
    QVERIFY(showAndPlay(kPattern));
    const double now = m_player->position();
    const QStringList lines {
        QStringLiteral("The opening again!"),      QStringLiteral("8888888"),
        QStringLiteral("this animation though"),   QStringLiteral("here it comes"),
        QStringLiteral("best episode so far"),     QStringLiteral("www"),
        QStringLiteral("the music in this scene"), QStringLiteral("no way"),
        QStringLiteral("she finally said it"),     QStringLiteral("goosebumps")};
    for (int i = 0; i < lines.size(); ++i)
        m_overlay->addComment(comment(i + 1, lines[i], now - 0.4 * (i % 5) - 3.0 - i * 0.3), false);
    m_overlay->setOpacity(0.9);
    m_overlay->addReaction(QStringLiteral("\U0001F602"), QStringLiteral("Ann"));
    m_overlay->addReaction(QStringLiteral("\U0001F525"), QStringLiteral("Ben"));
    QVERIFY(pauseAndSettle());
    const QImage image = frame();
    QVERIFY(m_overlay->shownTexts().size() >= 5);
    const QString dir = QStringLiteral(WATCHIUM_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(dir + QStringLiteral("/danmaku.png")));
}

QTEST_MAIN(TestDanmakuOverlay)
#include "tst_danmakuoverlay.moc"
