#include "ops/RateLimiter.h"
#include "realtime/ChangeFilter.h"
#include "rooms/KeyGuessLimit.h"

#include <QTest>

using namespace watchium::server;

// Pure pieces of the server: the sliding-window limiter and the
// postgres_changes filter.
class TestRateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedLimits_data();
    void seedLimits();
    void windowSlides();
    void scaleAndPrune();
    void batchCost_data();
    void batchCost();
    void refund_data();
    void refund();
    void keyGuessRetry_data();
    void keyGuessRetry();
    void filterMatches_data();
    void filterMatches();
    void filterParseRejects_data();
    void filterParseRejects();
};

void TestRateLimiter::seedLimits_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("max");
    QTest::addColumn<qint64>("windowMs");
    QTest::newRow("room_creation") << int(RateLimiter::Kind::RoomCreation) << 10 << 3600000LL;
    QTest::newRow("sync_control") << int(RateLimiter::Kind::SyncControl) << 2 << 1000LL;
    QTest::newRow("comments") << int(RateLimiter::Kind::Comments) << 5 << 60000LL;
    QTest::newRow("room_management") << int(RateLimiter::Kind::RoomManagement) << 20 << 3600000LL;
    QTest::newRow("key_attempts") << int(RateLimiter::Kind::KeyAttempts) << 10 << 600000LL;
    QTest::newRow("broadcasts") << int(RateLimiter::Kind::Broadcasts) << 100 << 10000LL;
    QTest::newRow("reads") << int(RateLimiter::Kind::Reads) << 120 << 60000LL;
    QTest::newRow("reactions") << int(RateLimiter::Kind::Reactions) << 10 << 10000LL;
}

void TestRateLimiter::seedLimits()
{
    QFETCH(int, kind);
    QFETCH(int, max);
    QFETCH(qint64, windowMs);
    RateLimiter limiter;
    const auto k = RateLimiter::Kind(kind);
    const qint64 t = 1000000;
    for (int i = 0; i < max; ++i)
        QVERIFY(limiter.allow(k, QStringLiteral("u"), t + i));
    qint64 retry = 0;
    QVERIFY(!limiter.allow(k, QStringLiteral("u"), t + max, &retry));
    QCOMPARE(retry, windowMs - max); // until the first event leaves the window
    QVERIFY(limiter.allow(k, QStringLiteral("other"), t + max));
    QVERIFY(limiter.allow(k, QStringLiteral("u"), t + windowMs + 1));
}

void TestRateLimiter::windowSlides()
{
    RateLimiter limiter;
    const auto k = RateLimiter::Kind::SyncControl;
    QVERIFY(limiter.allow(k, QStringLiteral("h"), 0));
    QVERIFY(limiter.allow(k, QStringLiteral("h"), 600));
    QVERIFY(!limiter.allow(k, QStringLiteral("h"), 999));
    QVERIFY(limiter.allow(k, QStringLiteral("h"), 1000)); // the event at 0 has left
    QVERIFY(!limiter.allow(k, QStringLiteral("h"), 1500));
    QVERIFY(limiter.allow(k, QStringLiteral("h"), 1600));
}

void TestRateLimiter::scaleAndPrune()
{
    RateLimiter limiter;
    const auto k = RateLimiter::Kind::SyncControl;
    for (int i = 0; i < 10; ++i)
        QVERIFY(limiter.allow(k, QStringLiteral("ip"), 0, nullptr, 5));
    QVERIFY(!limiter.allow(k, QStringLiteral("ip"), 0, nullptr, 5));
    QVERIFY(!limiter.wouldAllow(k, QStringLiteral("ip"), 1));
    QCOMPARE(limiter.trackedKeys(), 1);
    limiter.prune(5000);
    QCOMPARE(limiter.trackedKeys(), 0);
}

void TestRateLimiter::batchCost_data()
{
    // Broadcasts: 100 per 10 s. Events already recorded at t = 0, 1, 2, ...; a batch of `cost`
    // asked for at t = 1000.
    QTest::addColumn<int>("recorded");
    QTest::addColumn<int>("cost");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<qint64>("retryMs");
    QTest::newRow("fits exactly") << 60 << 40 << true << 0LL;
    QTest::newRow("one too many") << 60 << 41 << false << 10000LL - 1000;
    // Three of the oldest must leave first: the third left at t = 2.
    QTest::newRow("waits for three") << 60 << 43 << false << 10000LL + 2 - 1000;
    QTest::newRow("larger than the limit") << 0 << 101 << false << 10000LL;
    QTest::newRow("full") << 100 << 1 << false << 10000LL - 1000;
}

void TestRateLimiter::batchCost()
{
    QFETCH(int, recorded);
    QFETCH(int, cost);
    QFETCH(bool, allowed);
    QFETCH(qint64, retryMs);
    RateLimiter limiter;
    const auto k = RateLimiter::Kind::Broadcasts;
    for (int i = 0; i < recorded; ++i)
        limiter.record(k, QStringLiteral("ip"), i);
    qint64 retry = 0;
    QCOMPARE(limiter.wouldAllow(k, QStringLiteral("ip"), 1000, &retry, 1, cost), allowed);
    QCOMPARE(retry, retryMs);
    limiter.record(k, QStringLiteral("ip"), 1000, allowed ? cost : 0);
    // A batch counts as many events as it carries.
    QCOMPARE(limiter.wouldAllow(k, QStringLiteral("ip"), 1000),
             recorded + (allowed ? cost : 0) < 100);
}

void TestRateLimiter::refund_data()
{
    // Comments: 5 per minute. `recorded` events at t = 0, 1, ...; `refunded` taken back; then
    // how many more fit at t = 100.
    QTest::addColumn<int>("recorded");
    QTest::addColumn<int>("refunded");
    QTest::addColumn<int>("fitting");
    QTest::addColumn<int>("tracked");
    QTest::newRow("the last one back") << 5 << 1 << 1 << 1;
    QTest::newRow("two back") << 5 << 2 << 2 << 1;
    QTest::newRow("all back: the key goes") << 3 << 3 << 5 << 0;
    QTest::newRow("more than there were") << 2 << 4 << 5 << 0;
    QTest::newRow("nothing recorded") << 0 << 1 << 5 << 0;
}

void TestRateLimiter::refund()
{
    QFETCH(int, recorded);
    QFETCH(int, refunded);
    QFETCH(int, fitting);
    QFETCH(int, tracked);
    RateLimiter limiter;
    const auto k = RateLimiter::Kind::Comments;
    for (int i = 0; i < recorded; ++i)
        limiter.record(k, QStringLiteral("u"), i);
    limiter.refund(k, QStringLiteral("u"), refunded);
    QCOMPARE(limiter.trackedKeys(), tracked);
    int fits = 0;
    while (limiter.allow(k, QStringLiteral("u"), 100))
        ++fits;
    QCOMPARE(fits, fitting);
}

void TestRateLimiter::keyGuessRetry_data()
{
    QTest::addColumn<bool>("full");
    QTest::addColumn<qint64>("nthNewestAt");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("retryMs");
    // Window 600000 ms. A slot with fewer than max guesses in the window has room now.
    QTest::newRow("room-now") << false << 0LL << 1000000LL << 0LL;
    QTest::newRow("just-filled") << true << 1000000LL << 1000000LL << 600000LL;
    QTest::newRow("half-way") << true << 1000000LL << 1300000LL << 300000LL;
    QTest::newRow("last-ms") << true << 1000000LL << 1599999LL << 1LL;
    // The store only returns guesses inside the window; a clock step back still waits >= 1 ms.
    QTest::newRow("never-zero") << true << 1000000LL << 1600000LL << 1LL;
}

void TestRateLimiter::keyGuessRetry()
{
    QFETCH(bool, full);
    QFETCH(qint64, nthNewestAt);
    QFETCH(qint64, now);
    QFETCH(qint64, retryMs);
    const std::optional<qint64> at = full ? std::optional(nthNewestAt) : std::nullopt;
    QCOMPARE(KeyGuessLimit::retryAfterMs(at, 600000, now), retryMs);
}

void TestRateLimiter::filterMatches_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("matches");
    // Record: {"room_id":"abc","episode_number":3,"is_playing":true}
    QTest::newRow("none") << QString() << true;
    QTest::newRow("eq") << "room_id=eq.abc" << true;
    QTest::newRow("eq-other") << "room_id=eq.abd" << false;
    QTest::newRow("neq") << "room_id=neq.abd" << true;
    QTest::newRow("lt-number") << "episode_number=lt.10" << true;
    QTest::newRow("gt-number") << "episode_number=gt.10" << false;
    QTest::newRow("gte") << "episode_number=gte.3" << true;
    QTest::newRow("lte") << "episode_number=lte.2" << false;
    QTest::newRow("in") << "room_id=in.(x,abc,y)" << true;
    QTest::newRow("in-miss") << "room_id=in.(x,y)" << false;
    QTest::newRow("bool") << "is_playing=eq.true" << true;
    QTest::newRow("value-with-dot") << "room_id=eq.a.b" << false;
    QTest::newRow("missing-column") << "title=eq.abc" << false;
    // NaN compared as a number equals every number (found by fuzz/fuzz_change_filter).
    QTest::newRow("eq-nan") << "episode_number=eq.nan" << false;
    QTest::newRow("neq-nan") << "episode_number=neq.nan" << true;
    QTest::newRow("lt-infinity") << "episode_number=lt.inf" << true;
}

void TestRateLimiter::filterMatches()
{
    QFETCH(QString, filter);
    QFETCH(bool, matches);
    const QJsonObject record {{QStringLiteral("room_id"), QStringLiteral("abc")},
                              {QStringLiteral("episode_number"), 3},
                              {QStringLiteral("is_playing"), true}};
    const auto parsed = ChangeFilter::parse(filter);
    QVERIFY(parsed);
    QCOMPARE(parsed->matches(record), matches);
}

void TestRateLimiter::filterParseRejects_data()
{
    QTest::addColumn<QString>("filter");
    QTest::newRow("no-op") << "room_id=abc";
    QTest::newRow("unknown-op") << "room_id=like.abc";
    QTest::newRow("no-column") << "=eq.abc";
    QTest::newRow("in-without-parens") << "room_id=in.a,b";
}

void TestRateLimiter::filterParseRejects()
{
    QFETCH(QString, filter);
    QVERIFY(!ChangeFilter::parse(filter));
}

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_rate_limiter.moc"
