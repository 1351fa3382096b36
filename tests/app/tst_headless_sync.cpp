#include "HeadlessLines.h"
#include "HeadlessProcess.h"
#include "HttpClient.h"
#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace watchium;
using test::HeadlessProcess;
using test::HttpClient;
using test::ServerProcess;
using test::headless::joinedWithVideo;

namespace {

const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=600");
// The bound for CTest; the tight target is the benchmark's.
constexpr double kBoundMs = 50.0;
// Generous: a loaded 2-core CI box decodes four videos besides the server.
constexpr int kConvergeMs = 8000;

// Whether `count` members report a ready player in members-get-list.
bool allReady(HttpClient &http, const QString &roomId, int count)
{
    const auto list =
        http.function(QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), roomId}});
    int ready = 0;
    for (const QJsonValue &m : list.data().value(QLatin1String("members")).toArray())
        ready += m.toObject().value(QLatin1String("player_state")) == QLatin1String("ready");
    return ready == count;
}

} // namespace

// Real headless clients (real libmpv on a generated video) following a host
// through a real server process.
class TestHeadlessSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void membersFollowEveryControl();
    void hostQuitsAndServerRestarts();

private:
    bool startServer(quint16 port = 0);
    void stopServer(int signal);
    std::unique_ptr<HeadlessProcess> startHost();
    std::unique_ptr<HeadlessProcess> startMember(const QString &name,
                                                 const QStringList &extra = {});
    // |member − host| in ms at the member's latest sample time (or one
    // `samplesBack` before it), among samples taken after `sinceWallMs`.
    std::optional<double> errorMs(const HeadlessProcess &member, const HeadlessProcess &host,
                                  double sinceWallMs, int samplesBack = 0) const;
    // Converged: three consecutive samples (150 ms) inside the bound, all
    // taken after the change took effect.
    bool steadyWithin(const HeadlessProcess &member, const HeadlessProcess &host,
                      double sinceWallMs) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_url;
    quint16 m_port = 0;
    QString m_roomId;
};

void TestHeadlessSync::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(startServer());
}

void TestHeadlessSync::cleanup()
{
    stopServer(SIGTERM);
    m_dir.reset();
}

bool TestHeadlessSync::startServer(quint16 port)
{
    m_server = std::make_unique<ServerProcess>(QStringLiteral(WATCHIUM_BINARY));
    if (!m_server->start({QStringLiteral("--port"), QString::number(port),
                          QStringLiteral("--data-dir"), m_dir->path(),
                          QStringLiteral("--no-rate-limits")}))
        return false;
    m_url = m_server->url();
    m_port = m_server->port();
    return true;
}

void TestHeadlessSync::stopServer(int signal)
{
    if (m_server)
        m_server->stop(signal);
}

std::unique_ptr<HeadlessProcess> TestHeadlessSync::startHost()
{
    auto host =
        std::make_unique<HeadlessProcess>(QStringLiteral("host"), QStringLiteral(WATCHIUM_BINARY));
    host->start({QStringLiteral("--server-url"), m_url, QStringLiteral("--create"),
                 QStringLiteral("--title"), QStringLiteral("Sync test"),
                 QStringLiteral("--anime-id"), QStringLiteral("testsrc"),
                 QStringLiteral("--anime-title"), QStringLiteral("Test Source"),
                 QStringLiteral("--video"), QStringLiteral("https://example.com/testsrc.mp4"),
                 QStringLiteral("--media"), kMedia, QStringLiteral("--name"),
                 QStringLiteral("Host"), QStringLiteral("--user-id"), QStringLiteral("host"),
                 QStringLiteral("--sample-interval-ms"), QStringLiteral("50")});
    const auto room = host->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("room");
        },
        15000);
    if (room)
        m_roomId = room->value(QLatin1String("room_id")).toString();
    return host;
}

std::unique_ptr<HeadlessProcess> TestHeadlessSync::startMember(const QString &name,
                                                               const QStringList &extra)
{
    auto member = std::make_unique<HeadlessProcess>(name, QStringLiteral(WATCHIUM_BINARY));
    member->start(QStringList {QStringLiteral("--server-url"), m_url, QStringLiteral("--room"),
                               m_roomId, QStringLiteral("--media"), kMedia,
                               QStringLiteral("--name"), name, QStringLiteral("--user-id"), name,
                               QStringLiteral("--sample-interval-ms"), QStringLiteral("50")}
                  + extra);
    return member;
}

std::optional<double> TestHeadlessSync::errorMs(const HeadlessProcess &member,
                                                const HeadlessProcess &host, double sinceWallMs,
                                                int samplesBack) const
{
    const QList<QJsonObject> samples = member.lines(QStringLiteral("sample"));
    // The newest member samples may be newer than the host's last one.
    int skipped = 0;
    for (auto it = samples.crbegin(); it != samples.crend(); ++it) {
        const double t = it->value(QLatin1String("wall_ms")).toDouble();
        if (t < sinceWallMs)
            return std::nullopt;
        const auto hostPosition = host.positionAt(t);
        if (!hostPosition)
            continue;
        if (skipped++ < samplesBack)
            continue;
        return std::abs(it->value(QLatin1String("position")).toDouble() - *hostPosition) * 1000.0;
    }
    return std::nullopt;
}

bool TestHeadlessSync::steadyWithin(const HeadlessProcess &member, const HeadlessProcess &host,
                                    double sinceWallMs) const
{
    for (int back = 0; back < 3; ++back) {
        const auto e = errorMs(member, host, sinceWallMs, back);
        if (!e || *e > kBoundMs)
            return false;
    }
    return true;
}

void TestHeadlessSync::membersFollowEveryControl()
{
    auto host = startHost();
    QVERIFY(!m_roomId.isEmpty());
    auto plain = startMember(QStringLiteral("alice"));
    auto skewed = startMember(QStringLiteral("bob"),
                              {QStringLiteral("--debug-clock-offset-ms"), QStringLiteral("1500")});
    for (HeadlessProcess *p : {host.get(), plain.get(), skewed.get()})
        QVERIFY2(p->waitFor(joinedWithVideo, 20000), qPrintable(p->name()));
    // Everyone's player is ready as the server sees it, so the first play starts at once rather
    // than after a (short) group wait for a member whose report is still on its way.
    HttpClient http(m_url);
    QTRY_VERIFY_WITH_TIMEOUT(allReady(http, m_roomId, 3), 10000);

    const QStringList script {QStringLiteral("play"),       QStringLiteral("seek 60"),
                              QStringLiteral("speed 1.25"), QStringLiteral("speed 1.0"),
                              QStringLiteral("pause"),      QStringLiteral("play")};
    for (const QString &command : script) {
        const int from = host->lineCount();
        host->send(command);
        // The host itself gets the new state, scheduled to start at `startsAt`
        // (server clock; one machine, so the same as the wall clock).
        const auto state = host->waitFor(
            [](const QJsonObject &l) {
                return l.value(QLatin1String("reason")) == QLatin1String("room_state");
            },
            10000, from);
        QVERIFY2(state, qPrintable(command));
        const QJsonObject room = state->value(QLatin1String("room")).toObject();
        const double startsAt = room.value(QLatin1String("server_time_ms")).toDouble();
        const bool playing = room.value(QLatin1String("playing")).toBool();
        for (HeadlessProcess *member : {plain.get(), skewed.get()}) {
            QTRY_VERIFY2_WITH_TIMEOUT(
                steadyWithin(*member, *host, startsAt)
                    && member->lastSample()->value(QLatin1String("playing")).toBool() == playing,
                qPrintable(QStringLiteral("%1 after '%2': error %3 ms")
                               .arg(member->name(), command)
                               .arg(errorMs(*member, *host, startsAt).value_or(-1))),
                kConvergeMs);
        }
        const double convergedAt =
            std::max(plain->lastSample()->value(QLatin1String("wall_ms")).toDouble(),
                     skewed->lastSample()->value(QLatin1String("wall_ms")).toDouble());
        qInfo("'%s': both members within %.0f ms of the host %.0f ms after the control took "
              "effect (errors %.1f / %.1f ms)",
              qPrintable(command), kBoundMs, convergedAt - startsAt,
              errorMs(*plain, *host, startsAt).value_or(-1),
              errorMs(*skewed, *host, startsAt).value_or(-1));
        if (command.startsWith(QLatin1String("seek"))) {
            const double position =
                plain->lastSample()->value(QLatin1String("position")).toDouble();
            QVERIFY2(position >= 60.0 && position < 70.0, qPrintable(QString::number(position)));
        }
        // Let the room run a second at this state before the next control,
        // as a person would: wait until a member sample shows it.
        QVERIFY(plain->waitFor(
            [startsAt](const QJsonObject &l) {
                return l.value(QLatin1String("event")) == QLatin1String("sample")
                    && l.value(QLatin1String("wall_ms")).toDouble() > startsAt + 1000;
            },
            10000));
    }
    // The skewed member measured its 1.5 s clock difference.
    const double offset = skewed->lastSample()->value(QLatin1String("offset_ms")).toDouble();
    QVERIFY2(std::abs(offset + 1500.0) < 20.0, qPrintable(QString::number(offset)));
    QVERIFY(std::abs(plain->lastSample()->value(QLatin1String("offset_ms")).toDouble()) < 20.0);
}

void TestHeadlessSync::hostQuitsAndServerRestarts()
{
    auto host = startHost();
    QVERIFY(!m_roomId.isEmpty());
    auto first = startMember(QStringLiteral("first"));
    QVERIFY(first->waitFor(joinedWithVideo, 20000));
    auto second = startMember(QStringLiteral("second"));
    QVERIFY(second->waitFor(joinedWithVideo, 20000));
    QVERIFY(host->waitFor(joinedWithVideo, 20000));

    host->send(QStringLiteral("quit"));
    QVERIFY(host->waitForExit(10000));
    QCOMPARE(host->exitCode(), 0);
    // The longest-present member takes over.
    QVERIFY(first->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("state")
                && l.value(QLatin1String("is_host")).toBool();
        },
        10000));

    // The server dies without a goodbye; a comment is written meanwhile.
    stopServer(SIGKILL);
    const int firstFrom = first->lineCount();
    const int secondFrom = second->lineCount();
    // Each retry that finds nobody is numbered: attempt 1, then 2.
    const auto retry = [](int attempt) {
        return [attempt](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("reconnecting")
                && l.value(QLatin1String("attempt")).toInt() == attempt;
        };
    };
    QVERIFY(second->waitFor(retry(1), 15000, secondFrom));
    QVERIFY(second->waitFor(retry(2), 15000, secondFrom));
    const QString text = QStringLiteral("written while the server was down");
    second->send(QStringLiteral("comment ") + text);

    QVERIFY(startServer(m_port));
    for (HeadlessProcess *p : {first.get(), second.get()}) {
        QVERIFY2(p->waitFor(
                     [](const QJsonObject &l) {
                         return l.value(QLatin1String("event")) == QLatin1String("state")
                             && l.value(QLatin1String("connection")) == QLatin1String("joined");
                     },
                     30000, p == first.get() ? firstFrom : secondFrom),
                 qPrintable(p->name()));
    }
    QVERIFY(second->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("comment_acknowledged");
        },
        15000, secondFrom));
    auto received = [&] {
        int n = 0;
        // The writer hears its own comment back (broadcast self); the other
        // member may still be reconnecting when it goes out.
        for (const QJsonObject &l : second->lines(QStringLiteral("comment"))) {
            n +=
                l.value(QLatin1String("comment")).toObject().value(QLatin1String("message")) == text
                ? 1
                : 0;
        }
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(received(), 1, 10000);
    HttpClient http(m_url);
    const auto thread = http.function(QStringLiteral("comments-get-by-episode"),
                                      {{QStringLiteral("anime_id"), QStringLiteral("testsrc")},
                                       {QStringLiteral("episode_number"), 1}});
    int stored = 0;
    for (const QJsonValue &t : thread.data().value(QLatin1String("threads")).toArray())
        stored += t.toObject().value(QLatin1String("message")) == text ? 1 : 0;
    QCOMPARE(stored, 1);
    QCOMPARE(received(), 1);
    // And the room still has its host after the restart.
    QVERIFY(first->lastSample().has_value());
}

QTEST_GUILESS_MAIN(TestHeadlessSync)
#include "tst_headless_sync.moc"
