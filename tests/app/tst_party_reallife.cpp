#include "HeadlessLines.h"
#include "HeadlessProcess.h"
#include "HttpClient.h"
#include "ServerProcess.h"
#include "VideoFileServer.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace watchium;
using test::HeadlessProcess;
using test::HttpClient;
using test::ServerProcess;
using test::VideoFileServer;
using test::headless::isEvent;
using test::headless::joined;
using test::headless::joinedWithVideo;

namespace {

const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=64x48:rate=25:duration=600");
// Slower than the file plays (64x48 at 25 fps is ~115 KB/s): the member buffers.
constexpr qint64 kSlowLine = 40'000;

QJsonObject roomOf(const QJsonObject &stateLine)
{
    return stateLine.value(QLatin1String("room")).toObject();
}

bool playerIs(const QJsonObject &line, const char *state)
{
    return isEvent(line, "player") && line.value(QLatin1String("state")) == QLatin1String(state);
}

// The first sample at or after `fromWallMs` that plays past `position`.
std::optional<double> playingPast(const HeadlessProcess &p, double position, double fromWallMs)
{
    for (const QJsonObject &s : p.lines(QStringLiteral("sample"))) {
        const double t = s.value(QLatin1String("wall_ms")).toDouble();
        if (t >= fromWallMs && s.value(QLatin1String("playing")).toBool()
            && s.value(QLatin1String("position")).toDouble() > position + 0.04)
            return t;
    }
    return std::nullopt;
}

} // namespace

// What breaks a party in real life, with real processes: a server, headless clients on real
// libmpv, and a web server that serves the episode slowly, or not at all.
class TestPartyRealLife : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void slowMemberIsWaitedFor();
    void brokenVideoIsReportedAndReplaced();
    void roomStopsAtTheEndOfTheEpisode();

private:
    bool startServer();
    std::unique_ptr<HeadlessProcess> startHost(const QString &video, const QString &media);
    std::unique_ptr<HeadlessProcess> startMember(const QString &name, const QString &media = {});
    QJsonObject memberRow(const QString &userId);
    // |member − host| in ms over the last `samples` member samples; nullopt if too few.
    std::optional<double> worstError(const HeadlessProcess &member, const HeadlessProcess &host,
                                     int samples) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<VideoFileServer> m_video;
    QString m_url;
    QString m_roomId;
};

void TestPartyRealLife::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_video = std::make_unique<VideoFileServer>(120.0);
    QVERIFY(m_video->start());
    QVERIFY(startServer());
}

void TestPartyRealLife::cleanup()
{
    m_server.reset();
    m_video.reset();
    m_dir.reset();
}

bool TestPartyRealLife::startServer()
{
    m_server = std::make_unique<ServerProcess>(QStringLiteral(WATCHIUM_BINARY));
    if (!m_server->start({QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--data-dir"), m_dir->path(),
                          QStringLiteral("--no-rate-limits")}))
        return false;
    m_url = m_server->url();
    return true;
}

std::unique_ptr<HeadlessProcess> TestPartyRealLife::startHost(const QString &video,
                                                              const QString &media)
{
    auto host =
        std::make_unique<HeadlessProcess>(QStringLiteral("host"), QStringLiteral(WATCHIUM_BINARY));
    QStringList args {QStringLiteral("--server-url"),
                      m_url,
                      QStringLiteral("--create"),
                      QStringLiteral("--title"),
                      QStringLiteral("Friday night"),
                      QStringLiteral("--anime-id"),
                      QStringLiteral("testsrc"),
                      QStringLiteral("--anime-title"),
                      QStringLiteral("Test Source"),
                      QStringLiteral("--video"),
                      video,
                      QStringLiteral("--name"),
                      QStringLiteral("Host"),
                      QStringLiteral("--user-id"),
                      QStringLiteral("host"),
                      QStringLiteral("--sample-interval-ms"),
                      QStringLiteral("50")};
    if (!media.isEmpty())
        args << QStringLiteral("--media") << media;
    host->start(args);
    const auto room = host->waitFor([](const QJsonObject &l) { return isEvent(l, "room"); }, 15000);
    if (room)
        m_roomId = room->value(QLatin1String("room_id")).toString();
    return host;
}

std::unique_ptr<HeadlessProcess> TestPartyRealLife::startMember(const QString &name,
                                                                const QString &media)
{
    auto member = std::make_unique<HeadlessProcess>(name, QStringLiteral(WATCHIUM_BINARY));
    QStringList args {QStringLiteral("--server-url"),
                      m_url,
                      QStringLiteral("--room"),
                      m_roomId,
                      QStringLiteral("--name"),
                      name,
                      QStringLiteral("--user-id"),
                      name,
                      QStringLiteral("--sample-interval-ms"),
                      QStringLiteral("50")};
    if (!media.isEmpty())
        args << QStringLiteral("--media") << media;
    member->start(args);
    return member;
}

QJsonObject TestPartyRealLife::memberRow(const QString &userId)
{
    HttpClient http(m_url);
    const auto list =
        http.function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), m_roomId}});
    for (const QJsonValue &v : list.data().value(QLatin1String("members")).toArray()) {
        if (v.toObject().value(QLatin1String("user_id")).toString() == userId)
            return v.toObject();
    }
    return {};
}

std::optional<double> TestPartyRealLife::worstError(const HeadlessProcess &member,
                                                    const HeadlessProcess &host, int samples) const
{
    const QList<QJsonObject> lines = member.lines(QStringLiteral("sample"));
    if (lines.size() < samples + 2)
        return std::nullopt;
    double worst = 0;
    int counted = 0;
    // Skip the newest two: the host's samples may not cover them yet.
    for (qsizetype i = lines.size() - 3; i >= 0 && counted < samples; --i) {
        const auto at = host.positionAt(lines.at(i).value(QLatin1String("wall_ms")).toDouble());
        if (!at)
            continue;
        worst = std::max(worst,
                         std::abs(lines.at(i).value(QLatin1String("position")).toDouble() - *at));
        ++counted;
    }
    if (counted < samples)
        return std::nullopt;
    return worst * 1000.0;
}

void TestPartyRealLife::slowMemberIsWaitedFor()
{
    m_video->setRate(kSlowLine);
    auto host = startHost(m_video->url().toString(), kMedia);
    QVERIFY(!m_roomId.isEmpty());
    QVERIFY(host->waitFor(joinedWithVideo, 20000));
    auto ben = startMember(QStringLiteral("ben"));
    QVERIFY(ben->waitFor(joined, 20000));

    const int before = host->lineCount();
    host->send(QStringLiteral("play"));
    // Ben's player cannot keep up: the room waits for him, by name, at one position.
    const auto waiting = host->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state")
                && roomOf(l)
                       .value(QLatin1String("waiting_for"))
                       .toArray()
                       .contains(QStringLiteral("ben"));
        },
        30000, before);
    QVERIFY(waiting);
    const double waitPosition = roomOf(*waiting).value(QLatin1String("position")).toDouble();
    QVERIFY(ben->waitFor(
        [](const QJsonObject &l) { return playerIs(l, "buffering") || playerIs(l, "loading"); },
        10000));
    // Nobody plays on while the room waits: the host holds at the wait's position.
    QTRY_VERIFY_WITH_TIMEOUT(
        host->lastSample() && !host->lastSample()->value(QLatin1String("playing")).toBool(), 5000);

    // Ben's line recovers: once his player is ready there, everyone starts together.
    const int fromBen = ben->lineCount();
    m_video->setRate(0);
    const auto ready =
        ben->waitFor([](const QJsonObject &l) { return playerIs(l, "ready"); }, 20000, fromBen);
    QVERIFY(ready);
    const auto resumed = host->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state") && roomOf(l).value(QLatin1String("playing")).toBool();
        },
        20000, before);
    QVERIFY(resumed);
    const double readyAt = ready->value(QLatin1String("wall_ms")).toDouble();
    QTRY_VERIFY_WITH_TIMEOUT(playingPast(*host, waitPosition, readyAt)
                                 && playingPast(*ben, waitPosition, readyAt),
                             10000);
    const double everyone = std::max(*playingPast(*host, waitPosition, readyAt),
                                     *playingPast(*ben, waitPosition, readyAt));
    qInfo("ben ready -> everyone playing: %.0f ms (wait at %.3f s)", everyone - readyAt,
          waitPosition);
    // And in step again, not 25 s apart.
    QTRY_VERIFY_WITH_TIMEOUT(worstError(*ben, *host, 10).value_or(1e9) < 100.0, 15000);
}

void TestPartyRealLife::brokenVideoIsReportedAndReplaced()
{
    auto host = startHost(m_video->missingUrl().toString(), kMedia);
    QVERIFY(!m_roomId.isEmpty());
    QVERIFY(host->waitFor(joinedWithVideo, 20000));
    auto ben = startMember(QStringLiteral("ben"));
    const auto failed =
        ben->waitFor([](const QJsonObject &l) { return playerIs(l, "error"); }, 20000);
    QVERIFY(failed);
    QVERIFY(
        failed->value(QLatin1String("message")).toString().contains(QLatin1String("missing.mp4")));
    // Everyone sees that Ben cannot play, never that he is in sync.
    QTRY_COMPARE_WITH_TIMEOUT(
        memberRow(QStringLiteral("ben")).value(QLatin1String("player_state")).toString(),
        QStringLiteral("error"), 10000);
    QCOMPARE(memberRow(QStringLiteral("ben")).value(QLatin1String("is_synced")).toBool(true),
             false);
    // Ben stays in the room for the host to fix it.
    QTRY_VERIFY_WITH_TIMEOUT(ben->lastSample()
                                 && ben->lastSample()->value(QLatin1String("connection"))
                                     == QLatin1String("joined"),
                             10000);

    const int fromBen = ben->lineCount();
    host->send(QStringLiteral("video ") + m_video->url().toString());
    QVERIFY(ben->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state")
                && l.value(QLatin1String("reason")) == QLatin1String("video_changed");
        },
        10000, fromBen));
    QVERIFY(
        ben->waitFor([](const QJsonObject &l) { return playerIs(l, "ready"); }, 20000, fromBen));
    QTRY_COMPARE_WITH_TIMEOUT(
        memberRow(QStringLiteral("ben")).value(QLatin1String("player_state")).toString(),
        QStringLiteral("ready"), 10000);
    host->send(QStringLiteral("play"));
    QTRY_VERIFY_WITH_TIMEOUT(worstError(*ben, *host, 10).value_or(1e9) < 100.0
                                 && ben->lastSample()->value(QLatin1String("playing")).toBool(),
                             20000);
}

void TestPartyRealLife::roomStopsAtTheEndOfTheEpisode()
{
    // A real file with a length (a generated source's length is only what mpv has made so far,
    // which the room must not take for the end).
    VideoFileServer episode(4.0);
    QVERIFY(episode.start());
    auto host = startHost(episode.url().toString(), {});
    QVERIFY(!m_roomId.isEmpty());
    QVERIFY(host->waitFor(joinedWithVideo, 20000));
    auto ben = startMember(QStringLiteral("ben"));
    QVERIFY(ben->waitFor(joinedWithVideo, 20000));
    // The room learns the length from the host's player.
    QVERIFY(host->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state")
                && roomOf(l).value(QLatin1String("duration")).toDouble() > 3.9;
        },
        10000));
    host->send(QStringLiteral("seek 2.5"));
    host->send(QStringLiteral("play"));
    const auto ended = host->waitFor(
        [](const QJsonObject &l) {
            const QJsonObject room = roomOf(l);
            return isEvent(l, "state") && !room.value(QLatin1String("playing")).toBool(true)
                && room.value(QLatin1String("position")).toDouble() >= 3.9;
        },
        15000);
    QVERIFY(ended);
    const double duration = roomOf(*ended).value(QLatin1String("duration")).toDouble();
    QCOMPARE(roomOf(*ended).value(QLatin1String("position")).toDouble(), duration);
    // Two seconds after the end: no seek storm, nobody past the end, nobody "out of sync".
    const int seeksAtEnd = ben->lastSample()->value(QLatin1String("seeks")).toInt();
    const double endedAt = ended->value(QLatin1String("wall_ms")).toDouble();
    QTRY_VERIFY_WITH_TIMEOUT(
        ben->lastSample()->value(QLatin1String("wall_ms")).toDouble() > endedAt + 2000, 10000);
    const QJsonObject last = *ben->lastSample();
    QVERIFY2(last.value(QLatin1String("seeks")).toInt() - seeksAtEnd <= 1,
             qPrintable(QString::number(last.value(QLatin1String("seeks")).toInt() - seeksAtEnd)));
    QVERIFY(last.value(QLatin1String("position")).toDouble() <= duration + 0.001);
    QVERIFY(std::abs(last.value(QLatin1String("error_ms")).toDouble()) < 100.0);
    QVERIFY(!last.value(QLatin1String("playing")).toBool(true));
}

QTEST_GUILESS_MAIN(TestPartyRealLife)
#include "tst_party_reallife.moc"
