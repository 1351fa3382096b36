#include "AvatarCache.h"
#include "CannedHttpServer.h"
#include "TestImages.h"

#include <QSignalSpy>
#include <QTest>

using watchium::app::AvatarCache;
using watchium::test::CannedHttpServer;
using watchium::test::noisePng;
using watchium::test::solidPng;
using Framing = CannedHttpServer::Framing;
using Status = AvatarCache::Status;

namespace {

constexpr int kTimeoutMs = 15000;

} // namespace

// Avatars fetched from a real HTTP server: what is shown, and everything that is refused.
class TestAvatarCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsOncePerUrl();
    void refuses_data();
    void refuses();
    void givesUpOnASilentServer();

private:
    CannedHttpServer m_http;
};

void TestAvatarCache::initTestCase()
{
    QVERIFY(m_http.listen());
    m_http.serve(QStringLiteral("/magenta.png"), solidPng({120, 80}, Qt::magenta), "image/png");
    const QByteArray noise = noisePng();
    QVERIFY(noise.size() > 512 * 1024);
    m_http.serve(QStringLiteral("/big.png"), noise, "image/png");
    m_http.serve(QStringLiteral("/big-unannounced.png"), noise, "image/png",
                 Framing::CloseDelimited);
    m_http.serve(QStringLiteral("/text.png"), "not a picture at all", "text/plain");
    // A few bytes that claim more pixels than an avatar needs: refused from the header.
    m_http.serve(QStringLiteral("/huge-pixels.png"), solidPng({3000, 1}, Qt::white), "image/png");
    m_http.serve(QStringLiteral("/silent.png"), {}, "image/png", Framing::Silent);
}

void TestAvatarCache::loadsOncePerUrl()
{
    AvatarCache cache;
    QSignalSpy loaded(&cache, &AvatarCache::loaded);
    const QString url = m_http.url(QStringLiteral("/magenta.png"));
    QVERIFY(cache.avatar(url).isNull());
    QCOMPARE(cache.status(url), Status::Loading);
    QVERIFY(cache.avatar(url).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(cache.status(url), Status::Loaded, kTimeoutMs);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.first().first().toString(), url);
    const QImage image = cache.avatar(url).toImage();
    QCOMPARE(image.size(), QSize(64, 64));
    QCOMPARE(image.pixelColor(32, 32), QColor(Qt::magenta));
    QCOMPARE(image.pixelColor(0, 0).alpha(), 0); // cut to a circle
    QCOMPARE(m_http.hits(QStringLiteral("/magenta.png")), 1);
}

void TestAvatarCache::refuses_data()
{
    QTest::addColumn<QString>("path"); // on the test server, or a whole URL
    QTest::newRow("larger_than_its_length_says") << "/big.png";
    QTest::newRow("larger_without_a_length") << "/big-unannounced.png";
    QTest::newRow("not_an_image") << "/text.png";
    QTest::newRow("too_many_pixels") << "/huge-pixels.png";
    QTest::newRow("not_found") << "/nothing-here.png";
    QTest::newRow("file_scheme") << "file:///etc/hostname";
    QTest::newRow("data_scheme") << "data:image/png;base64,AAAA";
    QTest::newRow("no_host") << "http:///a.png";
    QTest::newRow("not_a_url") << "just words";
}

void TestAvatarCache::refuses()
{
    QFETCH(QString, path);
    const QString url = path.startsWith(QLatin1Char('/')) ? m_http.url(path) : path;
    AvatarCache cache;
    QSignalSpy loaded(&cache, &AvatarCache::loaded);
    QVERIFY(cache.avatar(url).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(cache.status(url), Status::Failed, kTimeoutMs);
    QVERIFY(cache.avatar(url).isNull());
    QCOMPARE(loaded.count(), 0);
    // Failed stays failed: no second request.
    if (path.startsWith(QLatin1Char('/')))
        QCOMPARE(m_http.hits(path), 1);
}

void TestAvatarCache::givesUpOnASilentServer()
{
    AvatarCache::Options options;
    options.timeoutMs = 300;
    AvatarCache cache(options, nullptr);
    const QString url = m_http.url(QStringLiteral("/silent.png"));
    QVERIFY(cache.avatar(url).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(cache.status(url), Status::Failed, kTimeoutMs);
}

QTEST_MAIN(TestAvatarCache)
#include "tst_avatarcache.moc"
