#include "MemberRowChange.h"
#include "RoomClientTestKit.h"
#include "RoomFixture.h"
#include "store/Database.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace watchium;
using protocol::Message;
using test::HttpClient;
using test::memberRowChange;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

QString status(const QJsonObject &reply)
{
    return reply.value(QLatin1String("status")).toString();
}

QJsonObject response(const QJsonObject &reply)
{
    return reply.value(QLatin1String("response")).toObject();
}

QJsonObject broadcastPayload(const Message &m)
{
    return m.payload.value(QLatin1String("payload")).toObject();
}

QJsonObject track(double position)
{
    return {{QStringLiteral("type"), QStringLiteral("presence")},
            {QStringLiteral("event"), QStringLiteral("track")},
            {QStringLiteral("payload"),
             QJsonObject {{QStringLiteral("current_time"), position},
                          {QStringLiteral("is_playing"), false}}}};
}

// A member's join config, tracking presence under its user id as the app does.
QJsonObject keyed(const QString &key)
{
    QJsonObject config = RoomFixture::joinConfig();
    config.insert(QStringLiteral("presence"), QJsonObject {{QStringLiteral("key"), key}});
    return config;
}

// Opens a socket to `node` and joins the room's channel as `key`.
bool enter(WsClient &client, const TestServer &node, const RoomFixture &room, const QString &key,
           const QString &token)
{
    return client.open(node.wsUrl())
        && status(client.join(room.topic(), keyed(key), token)) == QLatin1String("ok");
}

QString errorCode(const QJsonObject &reply)
{
    return response(reply).value(QLatin1String("code")).toString();
}

qint64 seqOf(const QJsonObject &state)
{
    return state.value(QLatin1String("seq")).toInteger();
}

// The `seq` of every `event` broadcast `client` received on `topic`, in order.
QList<qint64> broadcastSeqs(const WsClient &client, const QString &topic)
{
    QList<qint64> seqs;
    for (const Message &m : client.received()) {
        if (m.topic == topic && m.event == QLatin1String("broadcast")
            && broadcastPayload(m).contains(QLatin1String("seq")))
            seqs.append(seqOf(broadcastPayload(m)));
    }
    return seqs;
}

bool tracks(WsClient &client, const RoomFixture &room)
{
    return status(client.request(room.topic(), QStringLiteral("presence"), track(0.0)))
        == QLatin1String("ok");
}

// A presence_diff on `topic` with `key` among its joins.
WsClient::Predicate joinsKey(const QString &topic, const QString &key)
{
    return [topic, key](const Message &m) {
        return m.topic == topic && m.event == QLatin1String("presence_diff")
            && m.payload.value(QLatin1String("joins")).toObject().contains(key);
    };
}

WsClient::Predicate leavesKey(const QString &topic, const QString &key)
{
    return [topic, key](const Message &m) {
        return m.topic == topic && m.event == QLatin1String("presence_diff")
            && m.payload.value(QLatin1String("leaves")).toObject().contains(key);
    };
}

// The value of a one-line metric in /metrics text, or -1 when absent.
double metric(const QByteArray &body, const QByteArray &name)
{
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

// Reports `client`'s presence at `position` every `ms` while the timer runs (started here; the
// first report after `ms`), as a client does: an answer waits for the presence window, so a test
// that waited for each would leave gaps in the reports.
std::unique_ptr<QTimer> reportEvery(WsClient &client, const RoomFixture &room, double position,
                                    int ms)
{
    auto timer = std::make_unique<QTimer>();
    timer->setInterval(ms);
    QObject::connect(timer.get(), &QTimer::timeout, &client,
                     [&client, topic = room.topic(), position] {
                         client.push(topic, QStringLiteral("presence"), track(position));
                     });
    timer->start();
    return timer;
}

} // namespace

// Several server nodes on one PostgreSQL serve one community: a member on node B takes part in
// a room whose host is on node A. Runs only with the test PostgreSQL (label postgres).
class TestCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void controlCommentAndPresenceCross();
    void broadcastsAndLateJoinersSeeTheOtherNode();
    void hostRolePassesAcrossNodes();
    void stoppedNodesMembersLeaveAndHostPasses();
    void controlOnAStaleStateIsRefusedThenAccepted();
    void concurrentControlsOnTwoNodesKeepOneOrder();
    void keyGuessesAreCountedByEveryNode();
    void onlyTheMembersOwnNodeFindsItSilent();
    void aNodeThatLostItsListenerCatchesUp();
    void aMemberItsNodeFindsSilentIsOfflineEverywhere();
    void nodesOutliveADatabaseRestart();

private:
    struct Nodes
    {
        std::unique_ptr<TestServer> a;
        std::unique_ptr<TestServer> b;
    };
    // `presenceTimeoutMs` > 0: members silent this long are offline (swept every 50 ms).
    static Nodes twoNodes(int hostGraceMs = 30000, int presenceTimeoutMs = 0);
    static std::unique_ptr<TestServer> node(const QString &databaseUrl, int hostGraceMs,
                                            bool rateLimits = false, int presenceTimeoutMs = 0);
};

void TestCluster::initTestCase()
{
    if (TestServer::databaseUrl().isEmpty())
        QSKIP("needs the test PostgreSQL (WATCHIUM_TEST_PG_URL_FILE); run through CTest");
}

std::unique_ptr<TestServer> TestCluster::node(const QString &databaseUrl, int hostGraceMs,
                                              bool rateLimits, int presenceTimeoutMs)
{
    auto config = TestServer::defaults();
    if (presenceTimeoutMs > 0) {
        config.presenceTimeoutMs = presenceTimeoutMs;
        config.persistIntervalMs = 50; // the sweep that finds silent members
    }
    config.rateLimits = rateLimits;
    config.databaseUrl = databaseUrl;
    config.hostGraceMs = hostGraceMs;
    config.clusterNodeTimeoutMs = 1000;
    auto server = std::make_unique<TestServer>(config);
    return server->start() ? std::move(server) : nullptr;
}

TestCluster::Nodes TestCluster::twoNodes(int hostGraceMs, int presenceTimeoutMs)
{
    const QString url = TestServer::freshDatabaseUrl();
    Nodes nodes;
    nodes.a = node(url, hostGraceMs, false, presenceTimeoutMs);
    nodes.b = node(url, hostGraceMs, false, presenceTimeoutMs);
    return nodes;
}

void TestCluster::controlCommentAndPresenceCross()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpA);
    QVERIFY(!room.roomId.isEmpty());
    // Joined through node B's HTTP function, so node B writes the membership.
    const QString memberToken = room.join(httpB, QStringLiteral("mika"));
    QVERIFY(!memberToken.isEmpty());

    WsClient host;
    WsClient member;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    // Node A learns of the member that node B wrote, when the member first appears there.
    QVERIFY(enter(member, *b, room, QStringLiteral("mika"), memberToken));

    // Presence: each side sees the other's track, though they share no node.
    QVERIFY(tracks(host, room));
    QVERIFY(member.waitFor(joinsKey(room.topic(), QStringLiteral("host-1"))));
    QVERIFY(tracks(member, room));
    QVERIFY(host.waitFor(joinsKey(room.topic(), QStringLiteral("mika"))));

    // A control on node A reaches the member on node B with the same state.
    const QJsonObject reply = host.request(room.topic(), QStringLiteral("sync_control"),
                                           {{QStringLiteral("action"), QStringLiteral("play")},
                                            {QStringLiteral("current_time"), 42.0}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const qint64 seq = response(reply)
                           .value(QLatin1String("state"))
                           .toObject()
                           .value(QLatin1String("seq"))
                           .toInteger();
    const auto play = member.waitForBroadcast(room.topic(), QStringLiteral("play"));
    QVERIFY(play);
    QCOMPARE(broadcastPayload(*play).value(QLatin1String("current_time")).toDouble(), 42.0);
    QCOMPARE(broadcastPayload(*play).value(QLatin1String("seq")).toInteger(), seq);
    // The member's node holds the new state too: a control of its own is checked against it.
    const QJsonObject refused =
        member.request(room.topic(), QStringLiteral("sync_control"),
                       {{QStringLiteral("action"), QStringLiteral("pause")}});
    QCOMPARE(response(refused).value(QLatin1String("code")).toString(), QStringLiteral("not_host"));

    // A comment posted on node B reaches the host on node A, once.
    const QJsonObject posted =
        member.request(room.topic(), QStringLiteral("comment"),
                       {{QStringLiteral("message"), QStringLiteral("that opening!")},
                        {QStringLiteral("video_timestamp"), 42.5}});
    QCOMPARE(status(posted), QStringLiteral("ok"));
    const auto comment = host.waitForBroadcast(room.topic(), QStringLiteral("new_comment"));
    QVERIFY(comment);
    QCOMPARE(broadcastPayload(*comment).value(QLatin1String("message")).toString(),
             QStringLiteral("that opening!"));
    QCOMPARE(host.count([&](const Message &m) {
        return m.event == QLatin1String("broadcast")
            && m.payload.value(QLatin1String("event")) == QLatin1String("new_comment");
    }),
             1);
    // And node A's comment function lists it (one store).
    const auto listed = httpA.function(QStringLiteral("comments-get-by-episode"),
                                       {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                        {QStringLiteral("episode_number"), 1}});
    QVERIFY(QString::fromUtf8(listed.body).contains(QLatin1String("that opening!")));

    // The member leaves node B: the host on node A sees the presence go.
    member.close();
    QVERIFY(host.waitFor(leavesKey(room.topic(), QStringLiteral("mika"))));
}

void TestCluster::broadcastsAndLateJoinersSeeTheOtherNode()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString memberToken = room.join(httpA, QStringLiteral("mika"));
    WsClient host;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    QCOMPARE(status(host.request(room.topic(), QStringLiteral("presence"), track(3.0))),
             QStringLiteral("ok"));
    QCOMPARE(status(host.request(room.topic(), QStringLiteral("sync_control"),
                                 {{QStringLiteral("action"), QStringLiteral("seek")},
                                  {QStringLiteral("current_time"), 300.0}})),
             QStringLiteral("ok"));

    // A member who joins on node B later: the join reply holds node A's latest state, and the
    // presence state lists the host tracked on node A.
    WsClient member;
    QVERIFY(member.open(b->wsUrl()));
    QJsonObject joined;
    QTRY_VERIFY_WITH_TIMEOUT(
        (joined = member.join(room.topic(), keyed(QStringLiteral("mika")), memberToken),
         response(joined).value(QLatin1String("state")).toObject().value(QLatin1String("position"))
             == 300.0),
        5000);
    const auto state = member.waitFor([&](const Message &m) {
        return m.event == QLatin1String("presence_state")
            && m.payload.contains(QLatin1String("host-1"));
    });
    QVERIFY(state);

    // A member's own broadcast (not a control) crosses too, JSON and raw bytes.
    QCOMPARE(status(member.request(
                 room.topic(), QStringLiteral("broadcast"),
                 {{QStringLiteral("type"), QStringLiteral("broadcast")},
                  {QStringLiteral("event"), QStringLiteral("cheer")},
                  {QStringLiteral("payload"), QJsonObject {{QStringLiteral("n"), 1}}}})),
             QStringLiteral("ok"));
    const auto cheer = host.waitForBroadcast(room.topic(), QStringLiteral("cheer"));
    QVERIFY(cheer);
    QCOMPARE(broadcastPayload(*cheer).value(QLatin1String("n")).toInt(), 1);
}

void TestCluster::hostRolePassesAcrossNodes()
{
    auto [a, b] = twoNodes(300);
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString memberToken = room.join(httpA, QStringLiteral("mika"));
    const QString viewerToken = room.join(httpA, QStringLiteral("yuki"));
    WsClient member;
    WsClient viewer;
    QVERIFY(enter(member, *b, room, QStringLiteral("mika"), memberToken));
    {
        WsClient host;
        QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
        QVERIFY(enter(viewer, *a, room, QStringLiteral("yuki"), viewerToken));
        host.close();
    }
    // Node A ran the host's grace period, and passes the role to the longest-present member
    // who is watching: mika, connected only to node B.
    const auto newHost = member.waitForBroadcast(room.topic(), QStringLiteral("new_host"), 10000);
    QVERIFY(newHost);
    QCOMPARE(broadcastPayload(*newHost).value(QLatin1String("user_id")).toString(),
             QStringLiteral("mika"));
    // Mika's node accepts mika's control; the viewer on node A follows it.
    const QJsonObject reply = member.request(room.topic(), QStringLiteral("sync_control"),
                                             {{QStringLiteral("action"), QStringLiteral("play")},
                                              {QStringLiteral("current_time"), 7.0}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const auto play = viewer.waitForBroadcast(room.topic(), QStringLiteral("play"));
    QVERIFY(play);
    QCOMPARE(broadcastPayload(*play).value(QLatin1String("user_id")).toString(),
             QStringLiteral("mika"));
    // The old host's token controls nothing on either node.
    WsClient old;
    QVERIFY(enter(old, *b, room, QStringLiteral("host-1"), room.hostToken));
    QCOMPARE(response(old.request(room.topic(), QStringLiteral("sync_control"),
                                  {{QStringLiteral("action"), QStringLiteral("pause")}}))
                 .value(QLatin1String("code"))
                 .toString(),
             QStringLiteral("not_host"));
}

void TestCluster::stoppedNodesMembersLeaveAndHostPasses()
{
    auto [a, b] = twoNodes(300);
    QVERIFY(a && b);
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpB);
    const QString memberToken = room.join(httpB, QStringLiteral("mika"));
    WsClient host;
    WsClient member;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    QVERIFY(enter(member, *b, room, QStringLiteral("mika"), memberToken));
    QVERIFY(tracks(host, room));
    QVERIFY(member.waitFor(joinsKey(room.topic(), QStringLiteral("host-1"))));

    // Node A goes away with the host on it: node B notices, the host's presence leaves, and
    // node B (the only one left to act for node A) passes the host role on.
    a->stop();
    QVERIFY(member.waitFor(leavesKey(room.topic(), QStringLiteral("host-1")), 10000));
    const auto newHost = member.waitForBroadcast(room.topic(), QStringLiteral("new_host"), 10000);
    QVERIFY(newHost);
    QCOMPARE(broadcastPayload(*newHost).value(QLatin1String("user_id")).toString(),
             QStringLiteral("mika"));
}

void TestCluster::controlOnAStaleStateIsRefusedThenAccepted()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString memberToken = room.join(httpA, QStringLiteral("mika"));
    WsClient host;
    WsClient member;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    QVERIFY(enter(member, *b, room, QStringLiteral("mika"), memberToken));
    const QJsonObject first = host.request(room.topic(), QStringLiteral("sync_control"),
                                           {{QStringLiteral("action"), QStringLiteral("seek")},
                                            {QStringLiteral("current_time"), 10.0}});
    QCOMPARE(status(first), QStringLiteral("ok"));
    const qint64 seq = seqOf(response(first).value(QLatin1String("state")).toObject());

    // Another writer moves the room on in the store and no node hears of it: what node A holds
    // is stale, as it is for the instant between another node's commit and its notice.
    server::Database store;
    QString error;
    QVERIFY2(store.open({}, a->config().databaseUrl, &error), qPrintable(error));
    QSqlQuery moved(store.connection());
    moved.prepare(QStringLiteral("UPDATE rooms SET state_seq = state_seq + 5, "
                                 "current_playback_time = 600 WHERE room_id = ?"));
    moved.addBindValue(room.roomId);
    QVERIFY(moved.exec());
    QCOMPARE(moved.numRowsAffected(), 1);

    // The host's control on the stale state loses: refused with a clear code, nothing sent.
    const QJsonObject refused = host.request(room.topic(), QStringLiteral("sync_control"),
                                             {{QStringLiteral("action"), QStringLiteral("play")}});
    QCOMPARE(status(refused), QStringLiteral("error"));
    QCOMPARE(errorCode(refused), QStringLiteral("state_conflict"));
    // Node A read the room again: the retry starts from the stored state, not the stale one.
    const QJsonObject retried = host.request(room.topic(), QStringLiteral("sync_control"),
                                             {{QStringLiteral("action"), QStringLiteral("play")}});
    QCOMPARE(status(retried), QStringLiteral("ok"));
    const QJsonObject state = response(retried).value(QLatin1String("state")).toObject();
    QCOMPARE(seqOf(state), seq + 6);
    QVERIFY(state.value(QLatin1String("position")).toDouble() >= 600.0);
    const auto play = member.waitForBroadcast(room.topic(), QStringLiteral("play"));
    QVERIFY(play);
    QCOMPARE(seqOf(broadcastPayload(*play)), seq + 6);
    // The refused control never reached anyone: one play, with the retry's sequence number.
    QCOMPARE(broadcastSeqs(member, room.topic()), QList<qint64>({seq, seq + 6}));
}

void TestCluster::concurrentControlsOnTwoNodesKeepOneOrder()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString tokenA = room.join(httpA, QStringLiteral("mika"));
    const QString tokenB = room.join(httpA, QStringLiteral("yuki"));
    // The host has a socket on each node (two devices, or a balancer that moved them), and
    // each node has a member watching.
    WsClient hostOnA;
    WsClient hostOnB;
    WsClient viewerA;
    WsClient viewerB;
    QVERIFY(enter(hostOnA, *a, room, QStringLiteral("host-1"), room.hostToken));
    QVERIFY(enter(hostOnB, *b, room, QStringLiteral("host-1b"), room.hostToken));
    QVERIFY(enter(viewerA, *a, room, QStringLiteral("mika"), tokenA));
    QVERIFY(enter(viewerB, *b, room, QStringLiteral("yuki"), tokenB));

    // Controls sent to both nodes at once, round after round, each node deciding on what it
    // holds. Whatever wins, the room keeps one history: no sequence number given twice, and
    // both nodes' members see the same one.
    constexpr int kRounds = 20;
    QList<qint64> accepted;
    int conflicts = 0;
    for (int round = 0; round < kRounds; ++round) {
        const QString action = round % 2 ? QStringLiteral("pause") : QStringLiteral("play");
        const QJsonObject control {{QStringLiteral("action"), action},
                                   {QStringLiteral("current_time"), double(round)}};
        const QString refA = hostOnA.push(room.topic(), QStringLiteral("sync_control"), control);
        const QString refB = hostOnB.push(room.topic(), QStringLiteral("sync_control"), control);
        for (auto [client, ref] : {std::pair {&hostOnA, refA}, std::pair {&hostOnB, refB}}) {
            const QString r = ref;
            const auto reply = client->waitFor([&](const Message &m) {
                return m.event == QLatin1String("phx_reply") && m.ref == r;
            });
            QVERIFY(reply);
            if (status(reply->payload) == QLatin1String("ok")) {
                accepted.append(
                    seqOf(response(reply->payload).value(QLatin1String("state")).toObject()));
            } else {
                QCOMPARE(errorCode(reply->payload), QStringLiteral("state_conflict"));
                ++conflicts;
            }
        }
    }
    qInfo() << kRounds * 2 << "controls," << accepted.size() << "accepted," << conflicts
            << "refused as concurrent";
    QVERIFY(accepted.size() >= kRounds); // every round, at least one of the two wins
    std::sort(accepted.begin(), accepted.end());
    QVERIFY2(std::adjacent_find(accepted.cbegin(), accepted.cend()) == accepted.cend(),
             "a sequence number was given twice");

    // Both viewers end with every accepted change, in one order, and nothing else.
    QTRY_COMPARE_WITH_TIMEOUT(broadcastSeqs(viewerA, room.topic()), accepted, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(broadcastSeqs(viewerB, room.topic()), accepted, 5000);
    // And both nodes answer with the same, last state.
    for (const TestServer *node : {a.get(), b.get()}) {
        HttpClient http(node->httpBase());
        const auto time = http.function(QStringLiteral("sync-get-host-time"),
                                        {{QStringLiteral("room_id"), room.roomId}}, tokenA);
        QCOMPARE(time.status, 200);
        QCOMPARE(seqOf(time.data().value(QLatin1String("state")).toObject()), accepted.last());
    }
}

// Wrong private-room keys are a limit for the whole community: spreading guesses over the
// nodes buys nothing (each node counting its own would allow ten per node).
void TestCluster::keyGuessesAreCountedByEveryNode()
{
    const QString url = TestServer::freshDatabaseUrl();
    const auto a = node(url, 30000, true);
    const auto b = node(url, 30000, true);
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpA, false);
    const QString wrong = room.accessKey == QLatin1String("000000") ? QStringLiteral("000001")
                                                                    : QStringLiteral("000000");
    auto attempt = [&](HttpClient &http, const QString &key, int i) {
        return http.function(QStringLiteral("rooms-join"),
                             {{QStringLiteral("room_id"), room.roomId},
                              {QStringLiteral("user_id"), QStringLiteral("guesser-%1").arg(i)},
                              {QStringLiteral("username"), QStringLiteral("G")},
                              {QStringLiteral("access_key"), key}});
    };
    for (int i = 0; i < 10; ++i) {
        const auto r = attempt(i % 2 ? httpB : httpA, wrong, i);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("invalid_access_key"));
    }
    // The eleventh waits on either node, even with the right key: guessing cannot be told apart.
    for (HttpClient *http : {&httpA, &httpB}) {
        const auto locked = attempt(*http, room.accessKey, 99);
        QCOMPARE(locked.status, 429);
        QCOMPARE(locked.errorCode(), QStringLiteral("rate_limited"));
        QVERIFY(locked.retryAfter.toInt() > 500); // the 10-minute window, nearly whole
    }
}

void TestCluster::onlyTheMembersOwnNodeFindsItSilent()
{
    // Node A holds the room and the member's row but never hears its reports, which go to node
    // B: A must not take the member for silent, however old the heartbeat it read.
    constexpr int kPresenceTimeoutMs = 500;
    auto [a, b] = twoNodes(30000, kPresenceTimeoutMs);
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString memberToken = room.join(httpA, QStringLiteral("mika"));
    QVERIFY(!memberToken.isEmpty());

    // The host, on A, hears every room_members change and tracks once: A finds it silent.
    WsClient host;
    QVERIFY(host.open(a->wsUrl()));
    QJsonObject config = keyed(QStringLiteral("host-1"));
    config.insert(
        QStringLiteral("postgres_changes"),
        QJsonArray {QJsonObject {{QStringLiteral("event"), QStringLiteral("UPDATE")},
                                 {QStringLiteral("schema"), QStringLiteral("public")},
                                 {QStringLiteral("table"), QStringLiteral("room_members")}}});
    QCOMPARE(status(host.join(room.topic(), config, room.hostToken)), QStringLiteral("ok"));
    WsClient member;
    QVERIFY(enter(member, *b, room, QStringLiteral("mika"), memberToken));
    // The member keeps reporting to B, well within the timeout, from its first report on.
    const auto reports = reportEvery(member, room, 1.0, kPresenceTimeoutMs / 5);
    QVERIFY(tracks(member, room));
    QVERIFY(tracks(host, room));

    QVERIFY(host.waitFor(memberRowChange(QStringLiteral("host-1"), false), 10000));
    // Back online: anything A's sweeps sent before reaches the host first.
    QVERIFY(tracks(host, room));
    QVERIFY(host.waitFor(memberRowChange(QStringLiteral("host-1"), true), 10000));
    QCOMPARE(host.count(memberRowChange(QStringLiteral("mika"), false)), 0);
    reports->stop();
}

void TestCluster::aNodeThatLostItsListenerCatchesUp()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpA, false); // private: a member who leaves goes
    const QString obsToken = room.join(httpA, QStringLiteral("obs"));
    const QString leaverToken = room.join(httpA, QStringLiteral("leaver"));
    const QString mikaToken = room.join(httpB, QStringLiteral("mika"));
    const QString kaiToken = room.join(httpB, QStringLiteral("kai"));
    QVERIFY(!obsToken.isEmpty() && !mikaToken.isEmpty() && !kaiToken.isEmpty());
    QVERIFY(!leaverToken.isEmpty());
    // Whether node A lists `userId` online (the room is private: asked as obs).
    const auto onlineOnA = [&](const QString &userId) {
        const auto r = httpA.function(QStringLiteral("members-get-list"),
                                      {{QStringLiteral("room_id"), room.roomId}}, obsToken);
        for (const QJsonValue &m : r.data().value(QLatin1String("members")).toArray()) {
            if (m.toObject().value(QLatin1String("user_id")).toString() == userId)
                return m.toObject().value(QLatin1String("is_online")).toBool();
        }
        return false;
    };
    // The host and mika on node B, obs watching on node A.
    WsClient host;
    WsClient obs;
    WsClient mika;
    QVERIFY(enter(host, *b, room, QStringLiteral("host-1"), room.hostToken));
    QVERIFY(enter(obs, *a, room, QStringLiteral("obs"), obsToken));
    QVERIFY(enter(mika, *b, room, QStringLiteral("mika"), mikaToken));
    WsClient leaver;
    QVERIFY(enter(leaver, *a, room, QStringLiteral("leaver"), leaverToken));
    QVERIFY(tracks(mika, room));
    QVERIFY(obs.waitFor(joinsKey(room.topic(), QStringLiteral("mika"))));
    QTRY_VERIFY_WITH_TIMEOUT(onlineOnA(QStringLiteral("mika")), 10000);

    // The nodes' listening connections end (a database restart or a broken network does the
    // same); while node A cannot hear, mika leaves, the host plays, and the leaver leaves the
    // room through node B while her socket is on node A.
    server::Database store;
    QString error;
    QVERIFY2(store.open({}, a->config().databaseUrl, &error), qPrintable(error));
    QSqlQuery cut(store.connection());
    QVERIFY(cut.exec(QStringLiteral(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name LIKE 'watchium-bus-%'")));
    int cutConnections = 0;
    while (cut.next())
        cutConnections += cut.value(0).toBool() ? 1 : 0;
    QCOMPARE(cutConnections, 2);
    mika.close();
    QCOMPARE(status(host.request(room.topic(), QStringLiteral("sync_control"),
                                 {{QStringLiteral("action"), QStringLiteral("play")},
                                  {QStringLiteral("current_time"), 42.0}})),
             QStringLiteral("ok"));
    QCOMPARE(httpB
                 .function(QStringLiteral("rooms-leave"),
                           {{QStringLiteral("room_id"), room.roomId}}, leaverToken)
                 .status,
             200);

    // Node A opens its listener again, asks the others what they hold, and corrects what its
    // members saw: mika's presence leaves, her membership is offline, and obs learns that the
    // room plays (the `play` itself, or the `state` node A sends when it catches up).
    QTRY_VERIFY_WITH_TIMEOUT(
        metric(httpA.get(QStringLiteral("/metrics")).body, "watchium_cluster_listener_restores")
            >= 1,
        10000);
    QVERIFY(obs.waitFor(leavesKey(room.topic(), QStringLiteral("mika")), 10000));
    QTRY_VERIFY_WITH_TIMEOUT(!onlineOnA(QStringLiteral("mika")), 10000);
    QVERIFY(obs.waitFor(
        [&](const Message &m) {
            const QJsonObject payload = broadcastPayload(m);
            const QString event = m.payload.value(QLatin1String("event")).toString();
            return m.topic == room.topic() && m.event == QLatin1String("broadcast")
                && (event == QLatin1String("play") || event == QLatin1String("state"))
                && payload.value(QLatin1String("is_playing")).toBool()
                && payload.value(QLatin1String("current_time")).toDouble() == 42.0;
        },
        10000));

    // The leaver's channel on node A closes: she is no member any more.
    QVERIFY(leaver.waitFor(
        [&](const Message &m) {
            return m.event == QLatin1String("phx_close") && m.topic == room.topic();
        },
        10000));

    // And it hears node B again: a member who comes there now reaches obs.
    WsClient kai;
    QVERIFY(enter(kai, *b, room, QStringLiteral("kai"), kaiToken));
    QVERIFY(tracks(kai, room));
    QVERIFY(obs.waitFor(joinsKey(room.topic(), QStringLiteral("kai")), 10000));
    QTRY_VERIFY_WITH_TIMEOUT(onlineOnA(QStringLiteral("kai")), 10000);
}

void TestCluster::aMemberItsNodeFindsSilentIsOfflineEverywhere()
{
    // Node B holds mika's socket and finds her silent (she tracked once, then nothing): her row
    // says offline there, and node A, which holds the room too, must say the same.
    constexpr int kPresenceTimeoutMs = 500;
    auto [a, b] = twoNodes(30000, kPresenceTimeoutMs);
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString mikaToken = room.join(httpB, QStringLiteral("mika"));
    QVERIFY(!mikaToken.isEmpty());
    WsClient host;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    WsClient mika;
    QVERIFY(enter(mika, *b, room, QStringLiteral("mika"), mikaToken));
    // She reports like a client until she freezes.
    const auto reports = reportEvery(mika, room, 0.0, kPresenceTimeoutMs / 5);
    QVERIFY(tracks(mika, room));
    QVERIFY(host.waitFor(joinsKey(room.topic(), QStringLiteral("mika"))));
    QTRY_VERIFY_WITH_TIMEOUT(test::memberIsOnline(httpA, room.roomId, QStringLiteral("mika")),
                             10000);

    reports->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!test::memberIsOnline(httpB, room.roomId, QStringLiteral("mika")),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(!test::memberIsOnline(httpA, room.roomId, QStringLiteral("mika")),
                             10000);
    QVERIFY(mika.isConnected());
    // Her next track brings her back on both.
    reports->start();
    QVERIFY(tracks(mika, room));
    QTRY_VERIFY_WITH_TIMEOUT(test::memberIsOnline(httpA, room.roomId, QStringLiteral("mika")),
                             10000);
    reports->stop();
}

void TestCluster::nodesOutliveADatabaseRestart()
{
    auto [a, b] = twoNodes();
    QVERIFY(a && b);
    HttpClient httpA(a->httpBase());
    HttpClient httpB(b->httpBase());
    const auto room = RoomFixture::create(httpA);
    const QString mikaToken = room.join(httpB, QStringLiteral("mika"));
    QVERIFY(!mikaToken.isEmpty());
    WsClient host;
    WsClient mika;
    QVERIFY(enter(host, *a, room, QStringLiteral("host-1"), room.hostToken));
    QVERIFY(enter(mika, *b, room, QStringLiteral("mika"), mikaToken));

    // Every connection the nodes hold to the database ends, as in a restart of PostgreSQL.
    server::Database store;
    QString error;
    QVERIFY2(store.open({}, a->config().databaseUrl, &error), qPrintable(error));
    QSqlQuery cut(store.connection());
    QVERIFY(
        cut.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
    int cutConnections = 0;
    while (cut.next())
        cutConnections += cut.value(0).toBool() ? 1 : 0;
    // Each node's store, presence writer and listener.
    QVERIFY2(cutConnections >= 6, qPrintable(QString::number(cutConnections)));

    // Both nodes open their connections again: healthy, serving HTTP from the store, and
    // carrying a control from node A to node B.
    for (HttpClient *http : {&httpA, &httpB}) {
        QTRY_VERIFY_WITH_TIMEOUT(
            http->get(QStringLiteral("/health")).body.contains("\"status\":\"ok\""), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            metric(http->get(QStringLiteral("/metrics")).body, "watchium_cluster_listener_restores")
                >= 1,
            10000);
        QVERIFY(metric(http->get(QStringLiteral("/metrics")).body, "watchium_store_reopens") >= 1);
    }
    const QString anotherMember = room.join(httpA, QStringLiteral("kai"));
    QVERIFY(!anotherMember.isEmpty());
    QCOMPARE(status(host.request(room.topic(), QStringLiteral("sync_control"),
                                 {{QStringLiteral("action"), QStringLiteral("play")},
                                  {QStringLiteral("current_time"), 7.0}})),
             QStringLiteral("ok"));
    QVERIFY(mika.waitForBroadcast(room.topic(), QStringLiteral("play")));
    // And presence rows reach the store again through each node's writer.
    QVERIFY(tracks(mika, room));
    QVERIFY(host.waitFor(joinsKey(room.topic(), QStringLiteral("mika")), 10000));
}

QTEST_MAIN(TestCluster)
#include "tst_cluster.moc"
