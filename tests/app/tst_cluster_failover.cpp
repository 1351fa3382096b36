#include "HeadlessLines.h"
#include "HeadlessProcess.h"
#include "HttpClient.h"
#include "ServerProcess.h"
#include "SourcedHttp.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <memory>

using namespace watchium;
using test::HeadlessProcess;
using test::HttpClient;
using test::ServerProcess;
using test::TestServer;
using test::headless::isEvent;
using test::headless::joined;
using test::headless::joinedWithVideo;

namespace {

const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=64x48:rate=25:duration=600");
// Within this much of the host, a member counts as back in sync (the badge's "in sync" is 50 ms;
// the host's own samples are 50 ms apart).
constexpr double kInSyncMs = 100.0;
const QString kBalancerSource = QStringLiteral("127.0.0.9");

// A free loopback port for the balancer to bind (HAProxy takes no port 0).
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
}

// Open Realtime sockets on one node, from its /metrics.
int socketsOn(const ServerProcess &node)
{
    HttpClient http(node.url());
    const auto metrics = http.get(QStringLiteral("/metrics"));
    for (const QByteArray &line : metrics.body.split('\n')) {
        if (line.startsWith("watchium_connections "))
            return line.mid(int(qstrlen("watchium_connections "))).trimmed().toInt();
    }
    return -1;
}

} // namespace

// Several nodes behind a real HAProxy run with the documented configuration
// (docs/examples/haproxy.cfg): the host's node is killed with SIGKILL, and everyone it served
// comes back through the balancer to the node that is left, in the room and in sync, with
// nothing acknowledged lost.
class TestClusterFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void membersOfAKilledNodeComeBackThroughTheBalancer();
    void nodesCountTheClientNotTheBalancer();

private:
    // Two nodes on a fresh database, trusting the balancer's PROXY headers, and the balancer.
    bool startCommunity();
    bool startBalancer();
    std::unique_ptr<HeadlessProcess> client(const QString &name, const QStringList &extra);
    // |member − host| in ms over the member's last `samples` samples from `fromWallMs` on.
    static std::optional<double> worstError(const HeadlessProcess &member,
                                            const HeadlessProcess &host, double fromWallMs,
                                            int samples);

    QString m_haproxy;
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_nodes[2];
    QProcess m_balancer;
    QString m_url;
    QString m_roomId;
};

void TestClusterFailover::initTestCase()
{
    if (TestServer::databaseUrl().isEmpty())
        QSKIP("needs the test PostgreSQL (WATCHIUM_TEST_PG_URL_FILE); run through CTest");
    m_haproxy = QStandardPaths::findExecutable(QStringLiteral("haproxy"));
    if (m_haproxy.isEmpty()) {
        m_haproxy = QStandardPaths::findExecutable(
            QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    }
    if (m_haproxy.isEmpty())
        QSKIP("needs haproxy (scripts/deps.sh installs it with the test packages)");
    QVERIFY(m_dir.isValid());
}

void TestClusterFailover::cleanup()
{
    m_balancer.kill();
    m_balancer.waitForFinished(5000);
    for (auto &node : m_nodes)
        node.reset();
}

bool TestClusterFailover::startCommunity()
{
    const QString database = TestServer::freshDatabaseUrl();
    for (int i = 0; i < 2; ++i) {
        m_nodes[i] = std::make_unique<ServerProcess>(QStringLiteral(WATCHIUM_BINARY));
        if (!m_nodes[i]->start({QStringLiteral("--port"), QStringLiteral("0"),
                                QStringLiteral("--data-dir"), m_dir.filePath(QString::number(i)),
                                QStringLiteral("--database"), database,
                                QStringLiteral("--trusted-proxy"), kBalancerSource}))
            return false;
    }
    return startBalancer();
}

bool TestClusterFailover::startBalancer()
{
    const quint16 port = freePort();
    if (!port)
        return false;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("WATCHIUM_LB_BIND"), QStringLiteral("127.0.0.1:%1").arg(port));
    // The documented 50000 needs a descriptor limit a test machine need not have.
    env.insert(QStringLiteral("WATCHIUM_LB_MAXCONN"), QStringLiteral("2000"));
    // Its own address toward the nodes, which they trust for PROXY headers; the test's direct
    // calls to a node come from 127.0.0.1 and carry none.
    env.insert(QStringLiteral("WATCHIUM_LB_SOURCE"), kBalancerSource);
    for (int i = 0; i < 2; ++i) {
        env.insert(QStringLiteral("WATCHIUM_NODE%1").arg(i + 1),
                   QStringLiteral("127.0.0.1:%1").arg(m_nodes[i]->port()));
    }
    m_balancer.setProcessEnvironment(env);
    m_balancer.setProcessChannelMode(QProcess::ForwardedChannels);
    // -db: in the foreground, logging to stderr, so the test owns the process.
    m_balancer.start(m_haproxy,
                     {QStringLiteral("-db"), QStringLiteral("-f"), QStringLiteral(HAPROXY_CFG)});
    if (!m_balancer.waitForStarted(5000))
        return false;
    m_url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    HttpClient http(m_url);
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (http.get(QStringLiteral("/health")).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

std::unique_ptr<HeadlessProcess> TestClusterFailover::client(const QString &name,
                                                             const QStringList &extra)
{
    auto p = std::make_unique<HeadlessProcess>(name, QStringLiteral(WATCHIUM_BINARY));
    p->start(QStringList {QStringLiteral("--server-url"), m_url, QStringLiteral("--media"), kMedia,
                          QStringLiteral("--name"), name, QStringLiteral("--user-id"), name,
                          QStringLiteral("--sample-interval-ms"), QStringLiteral("50")}
             + extra);
    return p;
}

std::optional<double> TestClusterFailover::worstError(const HeadlessProcess &member,
                                                      const HeadlessProcess &host,
                                                      double fromWallMs, int samples)
{
    const QList<QJsonObject> lines = member.lines(QStringLiteral("sample"));
    double worst = 0;
    int counted = 0;
    // The newest two are skipped: the host's samples may not cover them yet.
    for (qsizetype i = lines.size() - 3; i >= 0 && counted < samples; --i) {
        const double at = lines.at(i).value(QLatin1String("wall_ms")).toDouble();
        if (at < fromWallMs)
            break;
        const auto hostAt = host.positionAt(at);
        if (!hostAt || !lines.at(i).value(QLatin1String("playing")).toBool())
            return std::nullopt;
        worst = std::max(
            worst, std::abs(lines.at(i).value(QLatin1String("position")).toDouble() - *hostAt));
        ++counted;
    }
    if (counted < samples)
        return std::nullopt;
    return worst * 1000.0;
}

void TestClusterFailover::membersOfAKilledNodeComeBackThroughTheBalancer()
{
    QVERIFY(startCommunity());

    auto host =
        client(QStringLiteral("host"),
               {QStringLiteral("--create"), QStringLiteral("--title"), QStringLiteral("Failover"),
                QStringLiteral("--anime-id"), QStringLiteral("testsrc"),
                QStringLiteral("--anime-title"), QStringLiteral("Test Source"),
                QStringLiteral("--video"), QStringLiteral("https://example.com/testsrc.mp4")});
    const auto room = host->waitFor([](const QJsonObject &l) { return isEvent(l, "room"); }, 15000);
    QVERIFY(room);
    m_roomId = room->value(QLatin1String("room_id")).toString();
    QVERIFY(host->waitFor(joinedWithVideo, 20000));
    // The balancer counts sockets (leastconn): with the host and three members, each node serves
    // two, so the node that dies takes a member with it as well as the host.
    QTRY_COMPARE_WITH_TIMEOUT(socketsOn(*m_nodes[0]) + socketsOn(*m_nodes[1]), 1, 5000);
    const int hostNode = socketsOn(*m_nodes[0]) == 1 ? 0 : 1;
    const QString names[] = {QStringLiteral("ben"), QStringLiteral("cleo"), QStringLiteral("dan")};
    std::unique_ptr<HeadlessProcess> members[3];
    for (int i = 0; i < 3; ++i) {
        members[i] = client(names[i], {QStringLiteral("--room"), m_roomId});
        QVERIFY(members[i]->waitFor(joinedWithVideo, 20000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(socketsOn(*m_nodes[0]) + socketsOn(*m_nodes[1]), 4, 5000);
    qInfo("sockets: %d on the host's node, %d on the other", socketsOn(*m_nodes[hostNode]),
          socketsOn(*m_nodes[1 - hostNode]));
    QVERIFY(socketsOn(*m_nodes[hostNode]) >= 2);

    host->send(QStringLiteral("play"));
    for (auto &m : members)
        QTRY_VERIFY_WITH_TIMEOUT(worstError(*m, *host, 0, 10).value_or(1e9) < kInSyncMs, 20000);

    // Acknowledged before the crash: a control and a comment.
    const int fromHost = host->lineCount();
    host->send(QStringLiteral("seek 60"));
    QVERIFY(members[0]->waitFor(
        [](const QJsonObject &l) {
            return isEvent(l, "state")
                && l.value(QLatin1String("room"))
                       .toObject()
                       .value(QLatin1String("position"))
                       .toDouble()
                >= 60.0;
        },
        10000));
    host->send(QStringLiteral("comment said just before the node died"));
    QVERIFY(host->waitFor([](const QJsonObject &l) { return isEvent(l, "comment_acknowledged"); },
                          10000, fromHost));

    const int fromKill = host->lineCount();
    int membersFromKill[3];
    for (int i = 0; i < 3; ++i)
        membersFromKill[i] = members[i]->lineCount();
    QElapsedTimer sinceKill;
    sinceKill.start();
    m_nodes[hostNode]->stop(SIGKILL);

    // The host comes back through the balancer to the node that is left, still the host.
    const auto back = host->waitFor(
        [](const QJsonObject &l) {
            return joined(l) && l.value(QLatin1String("is_host")).toBool();
        },
        15000, fromKill);
    QVERIFY(back);
    const qint64 hostBackMs = sinceKill.elapsed();
    // The member that was on the dead node rejoins too.
    QTRY_COMPARE_WITH_TIMEOUT(socketsOn(*m_nodes[1 - hostNode]), 4, 15000);
    const auto rejoinedMembers = [&] {
        int n = 0;
        for (int i = 0; i < 3; ++i)
            n += members[i]->waitFor(joined, 0, membersFromKill[i]).has_value();
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rejoinedMembers() >= 1, 15000);
    const int rejoined = rejoinedMembers();
    // Everyone in step with the host again, on samples taken after the host was back.
    const double hostBackAt = back->value(QLatin1String("wall_ms")).toDouble();
    for (auto &m : members)
        QTRY_VERIFY_WITH_TIMEOUT(worstError(*m, *host, hostBackAt, 5).value_or(1e9) < kInSyncMs,
                                 15000);
    const qint64 inSyncMs = sinceKill.elapsed();
    qInfo("node killed -> host back in the room: %lld ms; %d member(s) rejoined; everyone within "
          "%.0f ms of the host: %lld ms",
          hostBackMs, rejoined, kInSyncMs, inSyncMs);

    // Nothing acknowledged was lost: the comment is in the thread, the room's position went on
    // from the seek, and the host role stayed where it was.
    HttpClient http(m_url);
    const auto thread = http.function(QStringLiteral("comments-get-by-episode"),
                                      {{QStringLiteral("anime_id"), QStringLiteral("testsrc")},
                                       {QStringLiteral("episode_number"), 1}});
    int stored = 0;
    for (const QJsonValue &t : thread.data().value(QLatin1String("threads")).toArray()) {
        stored += t.toObject().value(QLatin1String("message"))
            == QLatin1String("said just before the node died");
    }
    QCOMPARE(stored, 1);
    const auto time = http.function(QStringLiteral("sync-get-host-time"),
                                    {{QStringLiteral("room_id"), m_roomId}});
    QCOMPARE(time.status, 200);
    QCOMPARE(time.data().value(QLatin1String("host_user_id")).toString(), QStringLiteral("host"));
    QVERIFY(time.data().value(QLatin1String("current_time")).toDouble() >= 60.0);
}

// Behind the balancer, per-address limits count each client (the PROXY header names it), not
// the balancer: one address guessing a private room's key is locked out, another is not.
void TestClusterFailover::nodesCountTheClientNotTheBalancer()
{
    QVERIFY(startCommunity());
    HttpClient http(m_url);
    const auto created = http.function(
        QStringLiteral("rooms-create"),
        {{QStringLiteral("title"), QStringLiteral("Private")},
         {QStringLiteral("anime_id"), QStringLiteral("testsrc")},
         {QStringLiteral("anime_title"), QStringLiteral("Test Source")},
         {QStringLiteral("episode_number"), 1},
         {QStringLiteral("video_url"), QStringLiteral("https://example.com/testsrc.mp4")},
         {QStringLiteral("host_user_id"), QStringLiteral("host")},
         {QStringLiteral("host_username"), QStringLiteral("Host")},
         {QStringLiteral("is_public"), false}});
    QCOMPARE(created.status, 200);
    const QJsonObject room = created.data().value(QLatin1String("room")).toObject();
    const QString roomId = room.value(QLatin1String("room_id")).toString();
    const QString key = room.value(QLatin1String("access_key")).toString();
    QCOMPARE(key.size(), 6);
    const QString wrong =
        key == QLatin1String("000000") ? QStringLiteral("000001") : QStringLiteral("000000");
    const quint16 port = QUrl(m_url).port();
    auto join = [&](const char *source, const QString &accessKey, const QString &user) {
        test::SourcedHttp from(QHostAddress(QLatin1String(source)), QStringLiteral("127.0.0.1"),
                               port);
        return from.function(QStringLiteral("rooms-join"),
                             {{QStringLiteral("room_id"), roomId},
                              {QStringLiteral("user_id"), user},
                              {QStringLiteral("username"), user},
                              {QStringLiteral("access_key"), accessKey}});
    };
    for (int i = 0; i < 10; ++i)
        QCOMPARE(join("127.0.0.2", wrong, QStringLiteral("guesser")).status, 403);
    const auto locked = join("127.0.0.2", key, QStringLiteral("guesser"));
    QCOMPARE(locked.status, 429);
    // Another address through the same balancer is its own client: its typo is only a typo,
    // and the right key lets it in.
    const auto typo = join("127.0.0.3", wrong, QStringLiteral("friend"));
    QCOMPARE(typo.status, 403);
    QCOMPARE(typo.errorCode(), QStringLiteral("invalid_access_key"));
    QCOMPARE(join("127.0.0.3", key, QStringLiteral("friend")).status, 200);
}

QTEST_GUILESS_MAIN(TestClusterFailover)
#include "tst_cluster_failover.moc"
