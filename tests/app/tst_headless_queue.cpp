#include "HeadlessProcess.h"
#include "ServerProcess.h"
#include "VideoFileServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace watchium;
using test::HeadlessProcess;
using test::ServerProcess;
using test::VideoFileServer;

namespace {

// Short, so the test sees it: what the server counts down at the end of an episode.
constexpr int kCountdownMs = 3000;

bool isEvent(const QJsonObject &line, const char *event)
{
    return line.value(QLatin1String("event")).toString() == QLatin1String(event);
}

QJsonObject roomOf(const QJsonObject &stateLine)
{
    return stateLine.value(QLatin1String("room")).toObject();
}

// Joined, with `url` loaded in the player.
HeadlessProcess::Predicate playing(const QString &url)
{
    return [url](const QJsonObject &l) {
        return isEvent(l, "state")
            && l.value(QLatin1String("connection")) == QLatin1String("joined")
            && l.value(QLatin1String("video_loaded")).toBool()
            && l.value(QLatin1String("video_url")).toString() == url;
    };
}

HeadlessProcess::Predicate episode(qint64 number)
{
    return [number](const QJsonObject &l) {
        return isEvent(l, "episode")
            && l.value(QLatin1String("episode_number")).toInteger() == number;
    };
}

HeadlessProcess::Predicate queueOf(int entries)
{
    return [entries](const QJsonObject &l) {
        return isEvent(l, "queue") && l.value(QLatin1String("entries")).toArray().size() == entries;
    };
}

} // namespace

// The episode queue end to end: a real server process, headless clients on real libmpv, and
// each episode a real video file from a local web server.
class TestHeadlessQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nextEpisodeReopensEveryonesVideo();
    void autoAdvanceAtTheEndOfAnEpisode();
    void ownFilesEpisodeOpensTheNextFileOfTheFolder();

private:
    std::unique_ptr<HeadlessProcess> startClient(const QString &name, const QStringList &extra);
    // Cleo plays `cleoMedia` (her own copy) when given.
    void startParty(const QString &firstVideo, const QString &cleoMedia = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_url;
    QString m_roomId;
    std::unique_ptr<HeadlessProcess> m_host;
    std::unique_ptr<HeadlessProcess> m_ben;
    std::unique_ptr<HeadlessProcess> m_cleo;
};

void TestHeadlessQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(WATCHIUM_BINARY));
    QVERIFY(m_server->start({QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--data-dir"), m_dir->path(),
                             QStringLiteral("--no-rate-limits"),
                             QStringLiteral("--auto-advance-ms"), QString::number(kCountdownMs)}));
    m_url = m_server->url();
}

void TestHeadlessQueue::cleanup()
{
    m_cleo.reset();
    m_ben.reset();
    m_host.reset();
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<HeadlessProcess> TestHeadlessQueue::startClient(const QString &name,
                                                                const QStringList &extra)
{
    auto client = std::make_unique<HeadlessProcess>(name, QStringLiteral(WATCHIUM_BINARY));
    client->start(QStringList {QStringLiteral("--server-url"), m_url, QStringLiteral("--name"),
                               name, QStringLiteral("--user-id"), name,
                               QStringLiteral("--sample-interval-ms"), QStringLiteral("50")}
                  + extra);
    return client;
}

void TestHeadlessQueue::startParty(const QString &firstVideo, const QString &cleoMedia)
{
    m_host = startClient(QStringLiteral("host"),
                         {QStringLiteral("--create"), QStringLiteral("--title"),
                          QStringLiteral("Marathon"), QStringLiteral("--anime-id"),
                          QStringLiteral("testsrc"), QStringLiteral("--anime-title"),
                          QStringLiteral("Test Source"), QStringLiteral("--video"), firstVideo});
    const auto room =
        m_host->waitFor([](const QJsonObject &l) { return isEvent(l, "room"); }, 15000);
    QVERIFY(room);
    m_roomId = room->value(QLatin1String("room_id")).toString();
    m_ben = startClient(QStringLiteral("ben"), {QStringLiteral("--room"), m_roomId});
    QStringList cleo {QStringLiteral("--room"), m_roomId};
    if (!cleoMedia.isEmpty())
        cleo << QStringLiteral("--media") << cleoMedia;
    m_cleo = startClient(QStringLiteral("cleo"), cleo);
    for (HeadlessProcess *p : {m_host.get(), m_ben.get(), m_cleo.get()})
        QVERIFY2(p->waitFor(playing(firstVideo), 20000), qPrintable(p->name()));
}

void TestHeadlessQueue::nextEpisodeReopensEveryonesVideo()
{
    VideoFileServer first(120.0);
    VideoFileServer second(60.0);
    VideoFileServer third(30.0);
    QVERIFY(first.start() && second.start() && third.start());
    const QString secondUrl = second.url().toString();
    startParty(first.url().toString());

    m_host->send(QStringLiteral("queue add 2 %1 The second one").arg(secondUrl));
    m_host->send(QStringLiteral("queue add 3 %1").arg(third.url().toString()));
    // Members read the queue as the host builds it.
    for (HeadlessProcess *p : {m_ben.get(), m_cleo.get()}) {
        const auto queue = p->waitFor(queueOf(2), 10000);
        QVERIFY2(queue, qPrintable(p->name()));
        const QJsonObject entry =
            queue->value(QLatin1String("entries")).toArray().first().toObject();
        QCOMPARE(entry.value(QLatin1String("title")).toString(), QStringLiteral("The second one"));
        QCOMPARE(entry.value(QLatin1String("video_url")).toString(), secondUrl);
    }
    m_host->send(QStringLiteral("play"));
    QVERIFY(m_ben->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "sample") && l.value(QLatin1String("playing")).toBool()
                && l.value(QLatin1String("position")).toDouble() > 1.0;
        },
        15000));

    const int from = m_ben->lineCount();
    m_host->send(QStringLiteral("queue next"));
    for (HeadlessProcess *p : {m_host.get(), m_ben.get(), m_cleo.get()}) {
        const auto changed = p->waitFor(episode(2), 10000, p == m_ben.get() ? from : 0);
        QVERIFY2(changed, qPrintable(p->name()));
        QCOMPARE(changed->value(QLatin1String("video_url")).toString(), secondUrl);
        // The player reopened the new episode, paused at its start.
        const auto loaded = p->waitFor(playing(secondUrl), 20000);
        QVERIFY2(loaded, qPrintable(p->name()));
        QCOMPARE(roomOf(*loaded).value(QLatin1String("position")).toDouble(-1), 0.0);
        QVERIFY(p->waitFor(queueOf(1), 10000));
    }
    // And everyone follows the host on it.
    const int beforePlay = m_cleo->lineCount();
    m_host->send(QStringLiteral("play"));
    const auto following = m_cleo->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "sample") && l.value(QLatin1String("playing")).toBool()
                && l.value(QLatin1String("position")).toDouble() > 1.0
                && std::abs(l.value(QLatin1String("error_ms")).toDouble()) < 100.0;
        },
        20000, beforePlay);
    QVERIFY2(following,
             qPrintable(QString::fromUtf8(QJsonDocument(*m_cleo->lastSample()).toJson())));
}

void TestHeadlessQueue::autoAdvanceAtTheEndOfAnEpisode()
{
    // A file with a length: the room ends where the host's player says the video ends.
    VideoFileServer first(4.0);
    VideoFileServer second(60.0);
    QVERIFY(first.start() && second.start());
    const QString secondUrl = second.url().toString();
    startParty(first.url().toString());
    m_host->send(QStringLiteral("queue add 2 %1 Next").arg(secondUrl));
    m_host->send(QStringLiteral("auto_advance on"));
    QVERIFY(m_ben->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "queue") && l.value(QLatin1String("auto_advance")).toBool()
                && l.value(QLatin1String("entries")).toArray().size() == 1;
        },
        10000));
    QVERIFY(m_host->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state")
                && roomOf(l).value(QLatin1String("duration")).toDouble() > 3.9;
        },
        10000));
    m_host->send(QStringLiteral("seek 2.5"));
    m_host->send(QStringLiteral("play"));

    // Everyone sees the countdown, with its end in server time.
    qint64 advanceAt = 0;
    for (HeadlessProcess *p : {m_host.get(), m_ben.get(), m_cleo.get()}) {
        const auto countdown = p->waitFor(
            [](const QJsonObject &l) {
                return isEvent(l, "countdown")
                    && l.value(QLatin1String("advance_at")).toInteger() > 0;
            },
            15000);
        QVERIFY2(countdown, qPrintable(p->name()));
        const qint64 inMs = countdown->value(QLatin1String("in_ms")).toInteger();
        QVERIFY2(inMs > 0 && inMs <= kCountdownMs, qPrintable(QString::number(inMs)));
        if (advanceAt == 0)
            advanceAt = countdown->value(QLatin1String("advance_at")).toInteger();
        QCOMPARE(countdown->value(QLatin1String("advance_at")).toInteger(), advanceAt);
    }
    // Nobody pressed anything: the server moves the room on at the deadline.
    for (HeadlessProcess *p : {m_host.get(), m_ben.get(), m_cleo.get()}) {
        QVERIFY2(p->waitFor(episode(2), kCountdownMs + 10000), qPrintable(p->name()));
        QVERIFY2(p->waitFor(playing(secondUrl), 20000), qPrintable(p->name()));
    }
}

void TestHeadlessQueue::ownFilesEpisodeOpensTheNextFileOfTheFolder()
{
    // Cleo's season on disk, named as a fansub group names it.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QStringList files;
    for (int episode : {1, 2}) {
        files.append(folder.filePath(QStringLiteral("[Group] Test - %1 [64x48][ABCD1234].y4m")
                                         .arg(episode, 2, 10, QLatin1Char('0'))));
        QFile file(files.constLast());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(VideoFileServer::video(30.0)) > 0);
    }
    VideoFileServer first(120.0);
    QVERIFY(first.start());
    startParty(first.url().toString(), files.at(0));
    if (QTest::currentTestFailed())
        return;

    m_host->send(QStringLiteral("queue add 2 - Our own copies"));
    QVERIFY(m_cleo->waitFor(queueOf(1), 10000));
    const int from = m_cleo->lineCount();
    m_host->send(QStringLiteral("queue next"));
    const auto own =
        m_cleo->waitFor([](const QJsonObject &l) { return isEvent(l, "own_file"); }, 10000, from);
    QVERIFY(own);
    QCOMPARE(own->value(QLatin1String("episode_number")).toInteger(), 2);
    QCOMPARE(own->value(QLatin1String("file")).toString(), files.at(1));
    // And her player opens it.
    QVERIFY(m_cleo->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "player")
                && l.value(QLatin1String("state")) == QLatin1String("ready");
        },
        20000, from));
    // Ben has no folder of his own: told there is no file.
    const auto none =
        m_ben->waitFor([](const QJsonObject &l) { return isEvent(l, "own_file"); }, 10000);
    QVERIFY(none);
    QVERIFY(none->value(QLatin1String("file")).isNull());

    // From own files back to a URL: everyone opens it.
    VideoFileServer third(60.0);
    QVERIFY(third.start());
    m_host->send(QStringLiteral("queue add 3 %1").arg(third.url().toString()));
    QVERIFY(m_cleo->waitFor(queueOf(1), 10000, from));
    m_host->send(QStringLiteral("queue next"));
    for (HeadlessProcess *p : {m_ben.get(), m_cleo.get()})
        QVERIFY2(p->waitFor(playing(third.url().toString()), 20000), qPrintable(p->name()));
}

QTEST_GUILESS_MAIN(TestHeadlessQueue)
#include "tst_headless_queue.moc"
