#include "MpvPlayer.h"
#include "MpvVideoWidget.h"

#include <QDir>
#include <QImage>
#include <QLoggingCategory>
#include <QSet>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>

#include <clocale>
#include <cstring>
#include <memory>

using namespace watchium;

namespace {

// Colour bars over a moving gradient, with a frame counter. Its 320x240 frames (~86 MB for the
// 30 s) fit mpv's default cache, which lets mpv seek in a source lavfi cannot seek.
const QString kClip = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25:duration=30");
// Every wait is bounded by this, generous for llvmpipe on a loaded 2-core machine.
constexpr int kTimeoutMs = 15000;

MpvPlayer::Options videoOptions()
{
    MpvPlayer::Options options;
    options.mpvOptions = {{"ao", "null"}, {"cache", "yes"}};
    return options;
}

// Colours of a grid of samples, to 5 bits a channel so scaling's blur does not count.
QSet<QRgb> sampledColours(const QImage &image, QRect area)
{
    QSet<QRgb> colours;
    for (int y = area.top() + 4; y < area.bottom(); y += area.height() / 12) {
        for (int x = area.left() + 4; x < area.right(); x += area.width() / 16)
            colours.insert(image.pixel(x, y) & 0xf8f8f8);
    }
    return colours;
}

bool isBlack(QRgb pixel)
{
    return qRed(pixel) < 16 && qGreen(pixel) < 16 && qBlue(pixel) < 16;
}

bool saveScreenshot(const QImage &image, const QString &name)
{
    const QString dir = QStringLiteral(WATCHIUM_SCREENSHOT_DIR);
    const QString path = dir + QLatin1Char('/') + name;
    if (!QDir().mkpath(dir) || !image.save(path))
        return false;
    qInfo("screenshot: %s", qPrintable(path));
    return true;
}

// Collects mpv's complaints that the render API user is late, from the player's log.
class StallLog
{
public:
    StallLog()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("watchium.player.debug=true"));
        s_messages.clear();
        s_previous = qInstallMessageHandler(&StallLog::handle);
    }
    ~StallLog()
    {
        qInstallMessageHandler(s_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    QStringList messages() const { return s_messages; }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        // "mpv_render_context_render() not being called or stuck." and
        // "mpv_render_report_swap() not being called." (mpv 0.35, vo_libmpv).
        if (text.contains(QLatin1String("not being called")))
            s_messages.append(text);
        else if (type != QtDebugMsg && type != QtInfoMsg)
            s_previous(type, context, text);
    }

    static inline QStringList s_messages;
    static inline QtMessageHandler s_previous = nullptr;
};

} // namespace

class TestMpvVideoWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void lcNumericIsC();
    void rendersTestPattern();
    void rendersAtNewSizeAfterResize();
    void playsOnWhileHidden();
    void survivesPlayerDestroyedFirst();

private:
    bool showAndPlay();
    bool waitForFrames(int count);

    std::unique_ptr<MpvPlayer> m_player;
    std::unique_ptr<MpvVideoWidget> m_widget;
};

void TestMpvVideoWidget::init()
{
    m_player = std::make_unique<MpvPlayer>(videoOptions());
    m_widget = std::make_unique<MpvVideoWidget>(m_player.get());
    m_widget->resize(320, 240);
}

void TestMpvVideoWidget::cleanup()
{
    // The documented order: the widget frees its render context while mpv still exists.
    m_widget.reset();
    m_player.reset();
}

bool TestMpvVideoWidget::showAndPlay()
{
    QSignalSpy renderErrors(m_widget.get(), &MpvVideoWidget::renderError);
    m_widget->show();
    if (!QTest::qWaitForWindowExposed(m_widget.get(), kTimeoutMs))
        return false;
    // The render context comes from initializeGL(), before the first paint.
    if (!QTest::qWaitFor([&] { return m_widget->isRendering() || !renderErrors.isEmpty(); },
                         kTimeoutMs)
        || !m_widget->isRendering()) {
        qWarning("no render context: %s",
                 renderErrors.isEmpty() ? "timeout"
                                        : qPrintable(renderErrors.first().first().toString()));
        return false;
    }
    m_player->open(kClip);
    return QTest::qWaitFor([&] { return m_player->timePos() > 0.5; }, kTimeoutMs);
}

bool TestMpvVideoWidget::waitForFrames(int count)
{
    QSignalSpy frames(m_widget.get(), &MpvVideoWidget::frameRendered);
    return QTest::qWaitFor([&] { return frames.size() >= count; }, kTimeoutMs);
}

void TestMpvVideoWidget::lcNumericIsC()
{
    // QCoreApplication sets the locale from the environment; the player, created after it,
    // puts LC_NUMERIC back to what mpv needs.
    QCOMPARE(std::setlocale(LC_NUMERIC, nullptr), "C");
}

void TestMpvVideoWidget::rendersTestPattern()
{
    QVERIFY(showAndPlay());
    QVERIFY(waitForFrames(10));

    const QImage image = m_widget->grabFramebuffer();
    QCOMPARE(image.size(), m_widget->size() * m_widget->devicePixelRatio());
    // White, yellow, cyan, green, magenta, red, blue bars and the gradient: far from uniform.
    const QSet<QRgb> colours = sampledColours(image, image.rect());
    QVERIFY2(colours.size() >= 8, qPrintable(QString::number(colours.size())));
    int saturated = 0;
    for (QRgb colour : colours) {
        if (qMax(qRed(colour), qMax(qGreen(colour), qBlue(colour)))
                - qMin(qRed(colour), qMin(qGreen(colour), qBlue(colour)))
            > 128)
            ++saturated;
    }
    QVERIFY2(saturated >= 3, "expected the colour bars");
    QVERIFY(saveScreenshot(image, QStringLiteral("video-widget.png")));
}

void TestMpvVideoWidget::rendersAtNewSizeAfterResize()
{
    QVERIFY(showAndPlay());
    QVERIFY(waitForFrames(5));

    // Wider than the video's 4:3: mpv letterboxes with black bars left and right.
    m_widget->resize(640, 300);
    QVERIFY(waitForFrames(5));
    const QImage image = m_widget->grabFramebuffer();
    QCOMPARE(image.size(), QSize(640, 300) * m_widget->devicePixelRatio());

    // The picture is 400x300 in the middle, the bars 120 pixels each side.
    const int bar = (image.width() - image.height() * 4 / 3) / 2;
    for (int y = 0; y < image.height(); y += 20) {
        QVERIFY2(isBlack(image.pixel(bar / 2, y)), "left bar");
        QVERIFY2(isBlack(image.pixel(image.width() - 1 - bar / 2, y)), "right bar");
    }
    const QRect picture(bar, 0, image.width() - 2 * bar, image.height());
    QVERIFY(sampledColours(image, picture.adjusted(8, 8, -8, -8)).size() >= 8);
    QVERIFY(saveScreenshot(image, QStringLiteral("video-widget-resized.png")));
}

void TestMpvVideoWidget::playsOnWhileHidden()
{
    // mpv's verbose log names a frame the render API left unrendered: its video output then
    // waits 200 ms for it and drops frames to catch up, though time-pos keeps going.
    m_widget.reset();
    m_player.reset();
    MpvPlayer::Options options = videoOptions();
    options.logLevel = "v";
    m_player = std::make_unique<MpvPlayer>(options);
    m_widget = std::make_unique<MpvVideoWidget>(m_player.get());
    m_widget->resize(320, 240);
    QVERIFY(showAndPlay());
    QVERIFY(waitForFrames(5));

    StallLog stalls;
    m_widget->hide();
    QSignalSpy frames(m_widget.get(), &MpvVideoWidget::frameRendered);
    const double start = m_player->timePos();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->timePos() >= start + 2.0, kTimeoutMs);
    QCOMPARE(frames.size(), 0);
    QVERIFY2(stalls.messages().isEmpty(), qPrintable(stalls.messages().join(u'\n')));

    m_widget->show();
    QVERIFY(waitForFrames(5));
    QVERIFY2(stalls.messages().isEmpty(), qPrintable(stalls.messages().join(u'\n')));
}

void TestMpvVideoWidget::survivesPlayerDestroyedFirst()
{
    QVERIFY(showAndPlay());
    QVERIFY(waitForFrames(5));

    // mpv aborts the process if its core goes before the render context.
    m_player.reset();
    QVERIFY(!m_widget->isRendering());
    QVERIFY(waitForFrames(1));
    const QImage image = m_widget->grabFramebuffer();
    QVERIFY(isBlack(image.pixel(image.width() / 2, image.height() / 2)));
}

QTEST_MAIN(TestMpvVideoWidget)
#include "tst_mpvvideowidget.moc"
