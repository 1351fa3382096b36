#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

using namespace watchium;
using protocol::Message;
using protocol::Vsn;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

QJsonObject config(bool self = false, bool ack = true, const QString &key = {},
                   const QJsonArray &changes = {})
{
    return {
        {QStringLiteral("broadcast"),
         QJsonObject {{QStringLiteral("self"), self}, {QStringLiteral("ack"), ack}}},
        {QStringLiteral("presence"),
         QJsonObject {{QStringLiteral("key"), key}, {QStringLiteral("enabled"), !key.isEmpty()}}},
        {QStringLiteral("postgres_changes"), changes},
        {QStringLiteral("private"), false}};
}

QJsonObject binding(const char *event, const char *table, const QString &filter = {})
{
    QJsonObject b {{QStringLiteral("event"), QString::fromLatin1(event)},
                   {QStringLiteral("schema"), QStringLiteral("public")},
                   {QStringLiteral("table"), QString::fromLatin1(table)}};
    if (!filter.isEmpty())
        b.insert(QStringLiteral("filter"), filter);
    return b;
}

QString status(const QJsonObject &reply)
{
    return reply.value(QLatin1String("status")).toString();
}

QJsonObject response(const QJsonObject &reply)
{
    return reply.value(QLatin1String("response")).toObject();
}

// A presence track request's payload, realtime-js's shape, with `meta` as the presence.
// A sample of /metrics, or -1 when it has none by that name.
double metric(HttpClient &http, const char *name)
{
    const QByteArray body = http.get(QStringLiteral("/metrics")).body;
    const QByteArray prefix = QByteArray("\n") + name + ' ';
    const qsizetype at = body.indexOf(prefix);
    if (at < 0)
        return -1;
    const qsizetype from = at + prefix.size();
    return body.mid(from, body.indexOf('\n', from) - from).toDouble();
}

QJsonObject trackRequest(const QJsonObject &meta)
{
    return {{QStringLiteral("type"), QStringLiteral("presence")},
            {QStringLiteral("event"), QStringLiteral("track")},
            {QStringLiteral("payload"), meta}};
}

QByteArray kind3(const QString &topic, const QString &event, const QByteArray &json,
                 const QByteArray &ref = "9")
{
    QByteArray f;
    f.append(char(3)).append(char(0)).append(char(ref.size())).append(char(topic.size()));
    f.append(char(event.size())).append(char(0)).append(char(1));
    f.append(ref).append(topic.toLatin1()).append(event.toLatin1()).append(json);
    return f;
}

} // namespace

class TestRealtime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void heartbeat_data();
    void heartbeat();
    void joinEchoesBindings_data();
    void joinEchoesBindings();
    void privateRoomJoinNeedsToken();
    void publicRoomViewerIdentifiesLater();
    void hostControlReachesMembers_data();
    void hostControlReachesMembers();
    void nonHostControlRejected();
    void broadcastSelfAndAck();
    void binaryBroadcastRelayed();
    void reservedEventsRejected();
    void presenceStateAndDiff();
    void presenceMetaIsHeldToFourKiB_data();
    void presenceMetaIsHeldToFourKiB();
    void presenceUpdatesSyncStatus();
    void presenceOfAWindowGoesInOneDiff();
    void anAnswerToAReportRidesWithItsDiff();
    void updatesWaitLongerThanJoins();
    void clockReply();
    void badFramesGetErrors();
    void oversizedFrameClosesSocket();
    void wrongPathOrVsnRefused_data();
    void wrongPathOrVsnRefused();
    void memberJoinedAndCommentEvents();
    void commentPushIsIdempotent();
    void roomDeletedClosesChannel();
    void silentPresenceGoesOffline();
    void leavingPrivateRoomClosesChannel();
    void leavingPublicRoomKeepsAViewer();

private:
    // The server of init() gives way to one run with `cfg` (rate limits off, as there).
    bool restart(server::ServerConfig cfg);
    std::unique_ptr<WsClient> connect(Vsn vsn = Vsn::V2);
    // A socket on the room's channel with presence key `key`: the member `key` (joined over
    // HTTP first) or, without `member`, an anonymous viewer. Null if either step failed.
    std::unique_ptr<WsClient> joined(const RoomFixture &room, const QString &key,
                                     bool member = true);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestRealtime::init()
{
    QVERIFY(restart(TestServer::defaults()));
}

bool TestRealtime::restart(server::ServerConfig cfg)
{
    cleanup();
    cfg.rateLimits = false;
    m_server = std::make_unique<TestServer>(cfg);
    if (!m_server->start())
        return false;
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    return true;
}

void TestRealtime::cleanup()
{
    m_http.reset();
    m_server.reset();
}

std::unique_ptr<WsClient> TestRealtime::connect(Vsn vsn)
{
    auto client = std::make_unique<WsClient>(vsn);
    const bool opened = client->open(
        m_server->wsUrl(vsn == Vsn::V1 ? QStringLiteral("1.0.0") : QStringLiteral("2.0.0")));
    if (!opened)
        qWarning("WebSocket did not open");
    return client;
}

std::unique_ptr<WsClient> TestRealtime::joined(const RoomFixture &room, const QString &key,
                                               bool member)
{
    const QString token = member ? room.join(*m_http, key) : QString();
    if (member && token.isEmpty()) {
        qWarning("%s could not join the room over HTTP", qPrintable(key));
        return nullptr;
    }
    auto client = connect();
    const QJsonObject reply = client->join(room.topic(), config(false, false, key), token);
    if (status(reply) != QLatin1String("ok")) {
        qWarning("%s could not join the channel: %s", qPrintable(key),
                 QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
        return nullptr;
    }
    return client;
}

void TestRealtime::heartbeat_data()
{
    QTest::addColumn<int>("vsn");
    QTest::newRow("vsn1") << 1;
    QTest::newRow("vsn2") << 2;
}

void TestRealtime::heartbeat()
{
    QFETCH(int, vsn);
    auto c = connect(vsn == 1 ? Vsn::V1 : Vsn::V2);
    const QJsonObject reply =
        c->request(QStringLiteral("phoenix"), QStringLiteral("heartbeat"), {});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    QVERIFY(reply.value(QLatin1String("response")).isObject());
}

void TestRealtime::joinEchoesBindings_data()
{
    heartbeat_data();
}

void TestRealtime::joinEchoesBindings()
{
    QFETCH(int, vsn);
    const auto room = RoomFixture::create(*m_http);
    auto c = connect(vsn == 1 ? Vsn::V1 : Vsn::V2);
    const QJsonArray requested {
        binding("UPDATE", "rooms", QStringLiteral("room_id=eq.") + room.roomId),
        binding("*", "room_members"), binding("INSERT", "comments")};
    const QJsonObject reply =
        c->join(room.topic(), config(true, false, QStringLiteral("u"), requested));
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const QJsonArray echoed = response(reply).value(QLatin1String("postgres_changes")).toArray();
    QCOMPARE(echoed.size(), requested.size());
    for (int i = 0; i < requested.size(); ++i) {
        QJsonObject e = echoed.at(i).toObject();
        QVERIFY(e.value(QLatin1String("id")).isDouble());
        e.remove(QStringLiteral("id"));
        QCOMPARE(e, requested.at(i).toObject());
    }
    QVERIFY(response(reply).contains(QLatin1String("state")));
    const auto state =
        c->waitFor([](const Message &m) { return m.event == QLatin1String("presence_state"); });
    QVERIFY(state);
    QCOMPARE(state->joinRef, c->joinRefOf(room.topic()));
    QVERIFY(c->waitFor([](const Message &m) {
        return m.event == QLatin1String("system")
            && m.payload.value(QLatin1String("extension")).toString()
            == QLatin1String("postgres_changes");
    }));
}

void TestRealtime::privateRoomJoinNeedsToken()
{
    const auto room = RoomFixture::create(*m_http, false);
    auto c = connect();
    QJsonObject reply = c->join(room.topic(), config());
    QCOMPARE(status(reply), QStringLiteral("error"));
    reply = c->join(room.topic(), config(), QStringLiteral("not-a-token"));
    QCOMPARE(status(reply), QStringLiteral("error"));
    QCOMPARE(response(reply).value(QLatin1String("code")).toString(),
             QStringLiteral("invalid_token"));
    reply = c->join(room.topic(), config(), room.hostToken);
    QCOMPARE(status(reply), QStringLiteral("ok"));
    QCOMPARE(response(reply).value(QLatin1String("user_id")).toString(), QStringLiteral("host-1"));
    // A token of another room does not open this one.
    const auto other = RoomFixture::create(*m_http, false, QStringLiteral("host-2"));
    auto d = connect();
    reply = d->join(room.topic(), config(), other.hostToken);
    QCOMPARE(status(reply), QStringLiteral("error"));
}

void TestRealtime::publicRoomViewerIdentifiesLater()
{
    const auto room = RoomFixture::create(*m_http);
    const QString token = room.join(*m_http, QStringLiteral("late"));
    auto c = connect();
    QJsonObject reply = c->join(room.topic(), config());
    QCOMPARE(status(reply), QStringLiteral("ok"));
    QCOMPARE(response(reply).value(QLatin1String("user_id")).toString(), QString());
    // Viewers see events but cannot speak in the room.
    reply = c->request(room.topic(), QStringLiteral("broadcast"),
                       {{QStringLiteral("type"), QStringLiteral("broadcast")},
                        {QStringLiteral("event"), QStringLiteral("reaction")},
                        {QStringLiteral("payload"), QJsonObject {}}});
    QCOMPARE(status(reply), QStringLiteral("error"));
    reply = c->request(room.topic(), QStringLiteral("access_token"),
                       {{QStringLiteral("access_token"), token}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    QCOMPARE(response(reply).value(QLatin1String("user_id")).toString(), QStringLiteral("late"));
    const auto members = m_http->function(QStringLiteral("members-get-list"),
                                          {{QStringLiteral("room_id"), room.roomId}});
    QCOMPARE(members.data().value(QLatin1String("online")).toInt(), 1);
}

void TestRealtime::hostControlReachesMembers_data()
{
    heartbeat_data();
}

void TestRealtime::hostControlReachesMembers()
{
    QFETCH(int, vsn);
    const auto room = RoomFixture::create(*m_http);
    const QString memberToken = room.join(*m_http, QStringLiteral("m"));
    auto host = connect();
    auto member = connect(vsn == 1 ? Vsn::V1 : Vsn::V2);
    QCOMPARE(status(host->join(room.topic(), config(), room.hostToken)), QStringLiteral("ok"));
    const QJsonObject joined = member->join(
        room.topic(),
        config(false, false, QStringLiteral("m"),
               {binding("UPDATE", "rooms", QStringLiteral("room_id=eq.") + room.roomId)}),
        memberToken);
    QCOMPARE(status(joined), QStringLiteral("ok"));
    const int bindingId = response(joined)
                              .value(QLatin1String("postgres_changes"))
                              .toArray()
                              .at(0)
                              .toObject()
                              .value(QLatin1String("id"))
                              .toInt();

    const QJsonObject reply = host->request(room.topic(), QStringLiteral("sync_control"),
                                            {{QStringLiteral("action"), QStringLiteral("play")},
                                             {QStringLiteral("current_time"), 42.0}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const QJsonObject state = response(reply).value(QLatin1String("state")).toObject();
    QCOMPARE(state.value(QLatin1String("position")).toDouble(), 42.0);

    const auto play = member->waitForBroadcast(room.topic(), QStringLiteral("play"));
    QVERIFY(play);
    const QJsonObject payload = play->payload.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("current_time")).toDouble(), 42.0);
    QCOMPARE(payload.value(QLatin1String("user_id")).toString(), QStringLiteral("host-1"));
    QCOMPARE(payload.value(QLatin1String("seq")).toInteger(),
             state.value(QLatin1String("seq")).toInteger());

    const auto change = member->waitFor(
        [](const Message &m) { return m.event == QLatin1String("postgres_changes"); });
    QVERIFY(change);
    QCOMPARE(change->payload.value(QLatin1String("ids")).toArray(), QJsonArray {bindingId});
    const QJsonObject data = change->payload.value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("type")).toString(), QStringLiteral("UPDATE"));
    QCOMPARE(data.value(QLatin1String("table")).toString(), QStringLiteral("rooms"));
    QVERIFY(data.value(QLatin1String("columns")).isArray());
    QCOMPARE(data.value(QLatin1String("record")).toObject().value(QLatin1String("is_playing")),
             QJsonValue(true));
    QCOMPARE(data.value(QLatin1String("old_record")).toObject().value(QLatin1String("is_playing")),
             QJsonValue(false));
}

void TestRealtime::nonHostControlRejected()
{
    const auto room = RoomFixture::create(*m_http);
    const QString memberToken = room.join(*m_http, QStringLiteral("m"));
    auto host = connect();
    auto member = connect();
    QCOMPARE(status(host->join(room.topic(), config(), room.hostToken)), QStringLiteral("ok"));
    QCOMPARE(status(member->join(room.topic(), config(true), memberToken)), QStringLiteral("ok"));

    QJsonObject reply = member->request(room.topic(), QStringLiteral("sync_control"),
                                        {{QStringLiteral("action"), QStringLiteral("pause")}});
    QCOMPARE(status(reply), QStringLiteral("error"));
    QCOMPARE(response(reply).value(QLatin1String("code")).toString(), QStringLiteral("not_host"));
    // The seeds' broadcast spelling, as JSON and as realtime-js's binary frame.
    reply = member->request(
        room.topic(), QStringLiteral("broadcast"),
        {{QStringLiteral("type"), QStringLiteral("broadcast")},
         {QStringLiteral("event"), QStringLiteral("play")},
         {QStringLiteral("payload"), QJsonObject {{QStringLiteral("current_time"), 1}}}});
    QCOMPARE(status(reply), QStringLiteral("error"));
    member->sendBinary(kind3(room.topic(), QStringLiteral("seek"), R"({"current_time":99})"));
    QVERIFY(member->waitFor([](const Message &m) {
        return m.ref == QLatin1String("9")
            && m.payload.value(QLatin1String("status")).toString() == QLatin1String("error");
    }));
    // Nobody saw a control, and the room did not move.
    QCOMPARE(host->count([](const Message &m) { return m.event == QLatin1String("broadcast"); }),
             0);
    const auto time = m_http->function(QStringLiteral("sync-get-host-time"),
                                       {{QStringLiteral("room_id"), room.roomId}});
    QCOMPARE(time.data().value(QLatin1String("current_time")).toDouble(), 0.0);
    QCOMPARE(time.data().value(QLatin1String("is_playing")).toBool(), false);
}

void TestRealtime::broadcastSelfAndAck()
{
    const auto room = RoomFixture::create(*m_http);
    const QString a = room.join(*m_http, QStringLiteral("a"));
    const QString b = room.join(*m_http, QStringLiteral("b"));
    auto withSelf = connect();
    auto withoutSelf = connect(Vsn::V1);
    QCOMPARE(status(withSelf->join(room.topic(), config(true, true), a)), QStringLiteral("ok"));
    QCOMPARE(status(withoutSelf->join(room.topic(), config(false, true), b)), QStringLiteral("ok"));
    // A user event the server only relays ("reaction" is checked: see tst_reactions).
    const QJsonObject reaction {{QStringLiteral("type"), QStringLiteral("broadcast")},
                                {QStringLiteral("event"), QStringLiteral("cheer")},
                                {QStringLiteral("payload"),
                                 QJsonObject {{QStringLiteral("emoji"), QStringLiteral("fire")}}}};
    QCOMPARE(status(withSelf->request(room.topic(), QStringLiteral("broadcast"), reaction)),
             QStringLiteral("ok"));
    QVERIFY(withSelf->waitForBroadcast(room.topic(), QStringLiteral("cheer")));
    QVERIFY(withoutSelf->waitForBroadcast(room.topic(), QStringLiteral("cheer")));
    withSelf->clear();
    withoutSelf->clear();
    QCOMPARE(status(withoutSelf->request(room.topic(), QStringLiteral("broadcast"), reaction)),
             QStringLiteral("ok"));
    QVERIFY(withSelf->waitForBroadcast(room.topic(), QStringLiteral("cheer")));
    QVERIFY(!withoutSelf->waitForBroadcast(room.topic(), QStringLiteral("cheer"), 300));

    // Without ack (realtime-js's default) a broadcast is delivered and not answered: the reply
    // to a heartbeat pushed after it comes back alone.
    const QString c = room.join(*m_http, QStringLiteral("c"));
    auto noAck = connect();
    QCOMPARE(status(noAck->join(room.topic(), config(false, false), c)), QStringLiteral("ok"));
    withSelf->clear();
    const QString ref = noAck->push(room.topic(), QStringLiteral("broadcast"), reaction);
    QVERIFY(withSelf->waitForBroadcast(room.topic(), QStringLiteral("cheer")));
    QCOMPARE(status(noAck->request(QStringLiteral("phoenix"), QStringLiteral("heartbeat"), {})),
             QStringLiteral("ok"));
    QCOMPARE(noAck->count([&](const protocol::Message &m) {
        return m.event == QLatin1String("phx_reply") && m.ref == ref;
    }),
             0);
    // A refused one is still answered, so a client can tell why.
    const QString refusedRef = noAck->push(room.topic(), QStringLiteral("broadcast"),
                                           {{QStringLiteral("type"), QStringLiteral("broadcast")},
                                            {QStringLiteral("event"), QStringLiteral("new_host")},
                                            {QStringLiteral("payload"), QJsonObject {}}});
    QVERIFY(noAck->waitFor([&](const protocol::Message &m) {
        return m.event == QLatin1String("phx_reply") && m.ref == refusedRef;
    }));
}

void TestRealtime::binaryBroadcastRelayed()
{
    const auto room = RoomFixture::create(*m_http);
    const QString a = room.join(*m_http, QStringLiteral("a"));
    auto sender = connect();
    auto receiver = connect(Vsn::V1);
    QCOMPARE(status(sender->join(room.topic(), config(), a)), QStringLiteral("ok"));
    QCOMPARE(status(receiver->join(room.topic(), config())), QStringLiteral("ok"));
    sender->sendBinary(kind3(room.topic(), QStringLiteral("cheer"), R"({"emoji":"tada"})"));
    const auto got = receiver->waitForBroadcast(room.topic(), QStringLiteral("cheer"));
    QVERIFY(got);
    QCOMPARE(got->payload.value(QLatin1String("payload"))
                 .toObject()
                 .value(QLatin1String("emoji"))
                 .toString(),
             QStringLiteral("tada"));
}

void TestRealtime::reservedEventsRejected()
{
    const auto room = RoomFixture::create(*m_http);
    auto host = connect();
    QCOMPARE(status(host->join(room.topic(), config(true), room.hostToken)), QStringLiteral("ok"));
    for (const char *event : {"member_joined", "new_host", "new_comment", "member_left"}) {
        const QJsonObject reply =
            host->request(room.topic(), QStringLiteral("broadcast"),
                          {{QStringLiteral("type"), QStringLiteral("broadcast")},
                           {QStringLiteral("event"), QString::fromLatin1(event)},
                           {QStringLiteral("payload"), QJsonObject {}}});
        QCOMPARE(status(reply), QStringLiteral("error"));
    }
}

void TestRealtime::presenceStateAndDiff()
{
    const auto room = RoomFixture::create(*m_http);
    const QString a = room.join(*m_http, QStringLiteral("a"));
    auto first = connect();
    QCOMPARE(status(first->join(room.topic(), config(false, false, QStringLiteral("a")), a)),
             QStringLiteral("ok"));
    auto second = connect(Vsn::V1);
    QCOMPARE(status(second->join(room.topic(), config(false, false, QStringLiteral("viewer")))),
             QStringLiteral("ok"));
    const QJsonObject track =
        trackRequest(QJsonObject {{QStringLiteral("user_id"), QStringLiteral("a")},
                                  {QStringLiteral("current_time"), 0.0},
                                  {QStringLiteral("is_playing"), false}});
    QCOMPARE(status(first->request(room.topic(), QStringLiteral("presence"), track)),
             QStringLiteral("ok"));
    const auto diff =
        second->waitFor([](const Message &m) { return m.event == QLatin1String("presence_diff"); });
    QVERIFY(diff);
    const QJsonArray metas = diff->payload.value(QLatin1String("joins"))
                                 .toObject()
                                 .value(QLatin1String("a"))
                                 .toObject()
                                 .value(QLatin1String("metas"))
                                 .toArray();
    QCOMPARE(metas.size(), 1);
    QVERIFY(!metas.at(0).toObject().value(QLatin1String("phx_ref")).toString().isEmpty());
    // The tracker gets the diff too, as realtime-js expects.
    QVERIFY(
        first->waitFor([](const Message &m) { return m.event == QLatin1String("presence_diff"); }));

    auto third = connect();
    QCOMPARE(status(third->join(room.topic(), config())), QStringLiteral("ok"));
    const auto state =
        third->waitFor([](const Message &m) { return m.event == QLatin1String("presence_state"); });
    QVERIFY(state);
    QVERIFY(state->payload.contains(QLatin1String("a")));

    second->clear();
    first->close();
    QVERIFY(second->waitFor([](const Message &m) {
        return m.event == QLatin1String("presence_diff")
            && m.payload.value(QLatin1String("leaves")).toObject().contains(QLatin1String("a"));
    }));
}

void TestRealtime::presenceMetaIsHeldToFourKiB_data()
{
    QTest::addColumn<bool>("again");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("first track, 4096 bytes") << false << 4096 << true;
    QTest::newRow("first track, 4097 bytes") << false << 4097 << false;
    // A second track carries phx_ref_prev too: still the client's 4 KiB, no more, no less.
    QTest::newRow("second track, 4096 bytes") << true << 4096 << true;
    QTest::newRow("second track, 4097 bytes") << true << 4097 << false;
}

void TestRealtime::presenceMetaIsHeldToFourKiB()
{
    QFETCH(bool, again);
    QFETCH(int, bytes);
    QFETCH(bool, accepted);
    const auto room = RoomFixture::create(*m_http);
    const auto viewer = joined(room, QStringLiteral("v"), false);
    QVERIFY(viewer);
    if (again)
        QCOMPARE(status(viewer->request(room.topic(), QStringLiteral("presence"),
                                        trackRequest({{QStringLiteral("n"), 1}}))),
                 QStringLiteral("ok"));
    // {"pad":""} is 10 bytes of compact JSON; the padding makes up the rest.
    const QJsonObject meta {{QStringLiteral("pad"), QString(bytes - 10, u'x')}};
    QCOMPARE(QJsonDocument(meta).toJson(QJsonDocument::Compact).size(), qsizetype(bytes));
    const QJsonObject reply =
        viewer->request(room.topic(), QStringLiteral("presence"), trackRequest(meta));
    QCOMPARE(status(reply), accepted ? QStringLiteral("ok") : QStringLiteral("error"));
    if (!accepted)
        QVERIFY(response(reply).value(QLatin1String("reason")).toString().contains(u"4 KiB"));
}

void TestRealtime::presenceUpdatesSyncStatus()
{
    auto cfg = TestServer::defaults();
    cfg.persistIntervalMs = 50;
    QVERIFY(restart(cfg));
    HttpClient &http = *m_http;
    const auto room = RoomFixture::create(http);
    const auto c = joined(room, QStringLiteral("drifter"));
    QVERIFY(c);
    auto track = [&](double position) {
        return c->request(
            room.topic(), QStringLiteral("presence"),
            trackRequest(QJsonObject {{QStringLiteral("user_id"), QStringLiteral("drifter")},
                                      {QStringLiteral("current_time"), position},
                                      {QStringLiteral("is_playing"), false}}));
    };
    QCOMPARE(status(track(30.0)), QStringLiteral("ok"));
    auto member = [&] {
        const auto list = http.function(QStringLiteral("members-get-list"),
                                        {{QStringLiteral("room_id"), room.roomId}});
        for (const QJsonValue &v : list.data().value(QLatin1String("members")).toArray()) {
            if (v.toObject().value(QLatin1String("user_id")).toString() == QLatin1String("drifter"))
                return v.toObject();
        }
        return QJsonObject();
    };
    QCOMPARE(member().value(QLatin1String("is_synced")).toBool(), false);
    QCOMPARE(member().value(QLatin1String("is_online")).toBool(), true);
    QCOMPARE(member().value(QLatin1String("sync_offset_ms")).toDouble(), 30000.0);
    QCOMPARE(status(track(0.5)), QStringLiteral("ok"));
    QCOMPARE(member().value(QLatin1String("is_synced")).toBool(), true);
    c->close();
    QTRY_COMPARE_WITH_TIMEOUT(member().value(QLatin1String("is_online")).toBool(), false, 5000);
}

void TestRealtime::presenceOfAWindowGoesInOneDiff()
{
    auto cfg = TestServer::defaults();
    // Long, so both reports surely land in one window however loaded the machine is.
    cfg.presenceBatchMs = 2000;
    QVERIFY(restart(cfg));
    HttpClient &http = *m_http;
    const auto room = RoomFixture::create(http);
    const auto viewerSocket = joined(room, QStringLiteral("viewer"), false);
    QVERIFY(viewerSocket);
    WsClient &viewer = *viewerSocket;
    std::vector<std::unique_ptr<WsClient>> members;
    for (const QString &user : {QStringLiteral("a"), QStringLiteral("b")}) {
        members.push_back(joined(room, user));
        QVERIFY(members.back());
    }
    // Both report before either answer: an answer waits for the diff that carries its report.
    const QJsonObject track = trackRequest(
        QJsonObject {{QStringLiteral("current_time"), 1.0}, {QStringLiteral("is_playing"), true}});
    QStringList refs;
    for (const auto &c : members)
        refs << c->push(room.topic(), QStringLiteral("presence"), track);
    for (std::size_t i = 0; i < members.size(); ++i) {
        QVERIFY(members.at(i)->waitFor(
            [ref = refs.at(qsizetype(i))](const Message &m) {
                return m.event == QLatin1String("phx_reply") && m.ref == ref
                    && m.payload.value(QLatin1String("status")).toString() == QLatin1String("ok");
            },
            10000));
    }
    // Both reports in the first diff the viewer gets: one frame for the window.
    const auto diff = viewer.waitFor(
        [](const Message &m) { return m.event == QLatin1String("presence_diff"); }, 10000);
    QVERIFY(diff);
    const QJsonObject joins = diff->payload.value(QLatin1String("joins")).toObject();
    QCOMPARE(joins.keys(), (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
    const auto metrics = http.get(QStringLiteral("/metrics"));
    QVERIFY(metrics.body.contains("watchium_presence_changes 2\n"));
    QVERIFY(metrics.body.contains("watchium_presence_diffs 1\n"));
    // Those frames went through a write thread, unless the run asks for none (the *_notifier
    // runs) or the machine has one core.
    const bool offThread = qEnvironmentVariable("WATCHIUM_TEST_WRITE_THREADS") != QLatin1String("0")
        && QThread::idealThreadCount() > 1;
    const qsizetype at = metrics.body.indexOf("\nwatchium_socket_writes_off_thread ");
    QCOMPARE(at >= 0, offThread);
    if (offThread) {
        const QByteArray line =
            metrics.body.mid(at + 1, metrics.body.indexOf('\n', at + 1) - at - 1);
        QVERIFY2(line.split(' ').value(1).toDouble() >= 1, line.constData());
    }

    // A member that goes is gone from everyone's list within the window.
    members.front()->close();
    QVERIFY(viewer.waitFor(
        [](const Message &m) {
            return m.event == QLatin1String("presence_diff")
                && m.payload.value(QLatin1String("leaves")).toObject().contains(QLatin1String("a"));
        },
        10000));
}

// The answer to a presence report is held for the diff that carries the report, and both leave
// in one write: a room's reports cost a write per member and window, not two.
void TestRealtime::anAnswerToAReportRidesWithItsDiff()
{
    HttpClient &http = *m_http;
    const auto room = RoomFixture::create(http);
    const auto memberSocket = joined(room, QStringLiteral("a"));
    QVERIFY(memberSocket);
    WsClient &member = *memberSocket;
    QVERIFY(member.waitFor(
        [](const Message &m) { return m.event == QLatin1String("presence_state"); }));
    auto gauge = [&http](const char *name) {
        return metric(http, name);
    };
    const double writesBefore = gauge("watchium_socket_coalesced_writes");
    const double framesBefore = gauge("watchium_socket_frames_coalesced");
    QVERIFY(writesBefore >= 0 && framesBefore >= 0);

    const QString ref = member.push(room.topic(), QStringLiteral("presence"),
                                    trackRequest({{QStringLiteral("current_time"), 1.0}}));
    const auto diff = member.waitFor(
        [](const Message &m) { return m.event == QLatin1String("presence_diff"); }, 10000);
    QVERIFY(diff);
    QVERIFY(diff->payload.value(QLatin1String("joins")).toObject().contains(QLatin1String("a")));
    // The answer came first, in the same write.
    const QList<Message> got = member.received();
    const auto answer = std::find_if(got.cbegin(), got.cend(), [&ref](const Message &m) {
        return m.event == QLatin1String("phx_reply") && m.ref == ref;
    });
    QVERIFY(answer != got.cend());
    QVERIFY(answer < std::find_if(
                got.cbegin(), got.cend(),
                [](const Message &m) { return m.event == QLatin1String("presence_diff"); }));
    QCOMPARE(gauge("watchium_socket_frames_coalesced") - framesBefore, 2.0);
    QCOMPARE(gauge("watchium_socket_coalesced_writes") - writesBefore, 1.0);
}

// A join or a leave reaches the others within the short window even while updates on the topic
// wait for the long one; updates of several members share one frame.
void TestRealtime::updatesWaitLongerThanJoins()
{
    auto cfg = TestServer::defaults();
    cfg.presenceBatchMs = 50;
    // So long that no update window ends within the test: a diff it sees came early.
    cfg.presenceUpdateBatchMs = 60000;
    QVERIFY(restart(cfg));
    HttpClient &http = *m_http;
    const auto room = RoomFixture::create(http);
    const auto viewerSocket = joined(room, QStringLiteral("viewer"), false);
    QVERIFY(viewerSocket);
    WsClient &viewer = *viewerSocket;
    std::vector<std::unique_ptr<WsClient>> members;
    for (const QString &user : {QStringLiteral("a"), QStringLiteral("b")}) {
        auto c = joined(room, user);
        QVERIFY(c);
        QCOMPARE(status(c->request(room.topic(), QStringLiteral("presence"),
                                   trackRequest({{QStringLiteral("current_time"), 1.0}}))),
                 QStringLiteral("ok"));
        members.push_back(std::move(c));
    }
    auto joinedBoth = [](const Message &m) {
        const QJsonObject joins = m.payload.value(QLatin1String("joins")).toObject();
        return m.event == QLatin1String("presence_diff") && joins.contains(QLatin1String("b"));
    };
    QVERIFY(viewer.waitFor(joinedBoth, 10000));
    viewer.clear();

    // Both update: held for the long window.
    for (const auto &c : members)
        c->push(room.topic(), QStringLiteral("presence"),
                trackRequest({{QStringLiteral("current_time"), 2.0}}));
    QTRY_COMPARE_WITH_TIMEOUT(metric(http, "watchium_presence_changes"), 4.0, 10000);
    QCOMPARE(
        viewer.count([](const Message &m) { return m.event == QLatin1String("presence_diff"); }),
        0);
    // A newcomer brings the window's end forward: one frame with her join and both updates.
    const auto newcomer = joined(room, QStringLiteral("c"));
    QVERIFY(newcomer);
    QCOMPARE(status(newcomer->request(room.topic(), QStringLiteral("presence"),
                                      trackRequest({{QStringLiteral("current_time"), 2.0}}))),
             QStringLiteral("ok"));
    const auto diff = viewer.waitFor(
        [](const Message &m) { return m.event == QLatin1String("presence_diff"); }, 2500);
    QVERIFY(diff);
    QCOMPARE(diff->payload.value(QLatin1String("joins")).toObject().keys(),
             (QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(diff->payload.value(QLatin1String("leaves")).toObject().keys(),
             (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
}

void TestRealtime::clockReply()
{
    auto c = connect();
    const double t0 = double(QDateTime::currentMSecsSinceEpoch());
    const QJsonObject reply = c->request(QStringLiteral("realtime:clock"), QStringLiteral("clock"),
                                         {{QStringLiteral("t0"), t0}});
    QCOMPARE(status(reply), QStringLiteral("ok"));
    const QJsonObject r = response(reply);
    QCOMPARE(r.value(QLatin1String("t0")).toDouble(), t0);
    const double t1 = r.value(QLatin1String("t1")).toDouble();
    const double t2 = r.value(QLatin1String("t2")).toDouble();
    QVERIFY(t1 <= t2);
    QVERIFY(std::abs(t1 - t0) < 5000);
    QVERIFY(c->request(QStringLiteral("realtime:clock"), QStringLiteral("clock"), {})
                .value(QLatin1String("status"))
            == QLatin1String("error"));
}

void TestRealtime::badFramesGetErrors()
{
    auto c = connect();
    c->sendText("this is not json");
    QVERIFY(c->waitFor([](const Message &m) { return m.event == QLatin1String("phx_error"); }));
    c->sendText(R"({"topic":"phoenix","event":"heartbeat","payload":{},"ref":"1"})");
    QVERIFY(c->waitFor([](const Message &m) { return m.event == QLatin1String("phx_error"); }));
    QJsonObject reply =
        c->request(QStringLiteral("realtime:nowhere"), QStringLiteral("broadcast"), {});
    QCOMPARE(status(reply), QStringLiteral("error"));
    QCOMPARE(response(reply).value(QLatin1String("reason")).toString(),
             QStringLiteral("unmatched topic"));
    reply = c->request(QStringLiteral("no-prefix"), QStringLiteral("phx_join"), {});
    QCOMPARE(status(reply), QStringLiteral("error"));
    reply = c->request(QStringLiteral("realtime:room:zzzzzzzzzz"), QStringLiteral("phx_join"), {});
    QCOMPARE(response(reply).value(QLatin1String("code")).toString(),
             QStringLiteral("room_not_found"));
    QCOMPARE(status(c->join(QStringLiteral("realtime:lobby"), config())), QStringLiteral("ok"));
    reply = c->request(QStringLiteral("realtime:lobby"), QStringLiteral("explode"), {});
    QCOMPARE(status(reply), QStringLiteral("error"));
    // Still serving this socket.
    QCOMPARE(status(c->request(QStringLiteral("phoenix"), QStringLiteral("heartbeat"), {})),
             QStringLiteral("ok"));
}

void TestRealtime::oversizedFrameClosesSocket()
{
    auto c = connect();
    QSignalSpy closed(&c->socket(), &QWebSocket::disconnected);
    c->sendText(QByteArray(R"([null,"1","phoenix","heartbeat",{"x":")") + QByteArray(70 * 1024, 'x')
                + "\"}]");
    QVERIFY(closed.wait(5000));
    QCOMPARE(c->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    // Others are unaffected.
    auto d = connect();
    QCOMPARE(status(d->request(QStringLiteral("phoenix"), QStringLiteral("heartbeat"), {})),
             QStringLiteral("ok"));
}

void TestRealtime::wrongPathOrVsnRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("bad-vsn") << "/realtime/v1/websocket?vsn=9.9.9";
    QTest::newRow("bad-path") << "/elsewhere?vsn=2.0.0";
}

void TestRealtime::wrongPathOrVsnRefused()
{
    QFETCH(QString, query);
    WsClient c;
    QSignalSpy closed(&c.socket(), &QWebSocket::disconnected);
    c.open(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_server->server()->port()).arg(query));
    QVERIFY(closed.count() > 0 || closed.wait(5000));
    QCOMPARE(m_server->server()->connectionCount(), 0);
}

void TestRealtime::memberJoinedAndCommentEvents()
{
    const auto room = RoomFixture::create(*m_http);
    auto host = connect();
    QCOMPARE(
        status(host->join(
            room.topic(),
            config(false, false, {},
                   {binding("INSERT", "room_members", QStringLiteral("room_id=eq.") + room.roomId),
                    binding("INSERT", "comments", QStringLiteral("room_id=eq.") + room.roomId)}),
            room.hostToken)),
        QStringLiteral("ok"));
    const QString token = room.join(*m_http, QStringLiteral("newbie"));
    const auto joined = host->waitForBroadcast(room.topic(), QStringLiteral("member_joined"));
    QVERIFY(joined);
    QCOMPARE(joined->payload.value(QLatin1String("payload"))
                 .toObject()
                 .value(QLatin1String("user_id"))
                 .toString(),
             QStringLiteral("newbie"));
    QVERIFY(host->waitFor([](const Message &m) {
        return m.event == QLatin1String("postgres_changes")
            && m.payload.value(QLatin1String("data")).toObject().value(QLatin1String("table"))
            == QLatin1String("room_members");
    }));
    m_http->function(QStringLiteral("comments-create"),
                     {{QStringLiteral("room_id"), room.roomId},
                      {QStringLiteral("message"), QStringLiteral("hello")}},
                     token);
    const auto comment = host->waitForBroadcast(room.topic(), QStringLiteral("new_comment"));
    QVERIFY(comment);
    QCOMPARE(comment->payload.value(QLatin1String("payload"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("hello"));
    QVERIFY(host->waitFor([](const Message &m) {
        const QJsonObject data = m.payload.value(QLatin1String("data")).toObject();
        return m.event == QLatin1String("postgres_changes")
            && data.value(QLatin1String("table")) == QLatin1String("comments")
            && data.value(QLatin1String("record")).toObject().value(QLatin1String("message"))
            == QLatin1String("hello");
    }));
    // A private room's rows never reach a channel of another room.
    const auto secret = RoomFixture::create(*m_http, false, QStringLiteral("secret-host"));
    m_http->function(QStringLiteral("comments-create"),
                     {{QStringLiteral("room_id"), secret.roomId},
                      {QStringLiteral("message"), QStringLiteral("private words")}},
                     secret.hostToken);
    auto lobby = connect();
    QCOMPARE(status(lobby->join(QStringLiteral("realtime:lobby"),
                                config(false, false, {}, {binding("INSERT", "comments")}))),
             QStringLiteral("ok"));
    m_http->function(QStringLiteral("comments-create"),
                     {{QStringLiteral("room_id"), secret.roomId},
                      {QStringLiteral("message"), QStringLiteral("more private words")}},
                     secret.hostToken);
    m_http->function(QStringLiteral("comments-create"),
                     {{QStringLiteral("room_id"), room.roomId},
                      {QStringLiteral("message"), QStringLiteral("public words")}},
                     token);
    QVERIFY(lobby->waitFor([](const Message &m) {
        return m.payload.value(QLatin1String("data"))
                   .toObject()
                   .value(QLatin1String("record"))
                   .toObject()
                   .value(QLatin1String("message"))
            == QLatin1String("public words");
    }));
    QCOMPARE(lobby->count([](const Message &m) {
        return m.payload.value(QLatin1String("data"))
            .toObject()
            .value(QLatin1String("record"))
            .toObject()
            .value(QLatin1String("message"))
            .toString()
            .contains(QLatin1String("private"));
    }),
             0);
}

void TestRealtime::commentPushIsIdempotent()
{
    const auto room = RoomFixture::create(*m_http);
    auto host = connect();
    QCOMPARE(status(host->join(room.topic(), config(true), room.hostToken)), QStringLiteral("ok"));
    const QJsonObject comment {{QStringLiteral("message"), QStringLiteral("exactly once")},
                               {QStringLiteral("video_timestamp"), 3.5},
                               {QStringLiteral("idempotency_key"), QStringLiteral("c-1")}};
    QJsonObject reply = host->request(room.topic(), QStringLiteral("comment"), comment);
    QCOMPARE(status(reply), QStringLiteral("ok"));
    reply = host->request(room.topic(), QStringLiteral("comment"), comment);
    QCOMPARE(status(reply), QStringLiteral("ok"));
    QCOMPARE(response(reply).value(QLatin1String("duplicate")).toBool(), true);
    QVERIFY(host->waitForBroadcast(room.topic(), QStringLiteral("new_comment")));
    QCOMPARE(host->count([](const Message &m) {
        return m.payload.value(QLatin1String("event")) == QLatin1String("new_comment");
    }),
             1);
    reply = host->request(room.topic(), QStringLiteral("comment"),
                          {{QStringLiteral("message"), QString(1001, QLatin1Char('x'))}});
    QCOMPARE(status(reply), QStringLiteral("error"));
    QCOMPARE(response(reply).value(QLatin1String("code")).toString(),
             QStringLiteral("invalid_request"));
}

void TestRealtime::roomDeletedClosesChannel()
{
    const auto room = RoomFixture::create(*m_http);
    const QString token = room.join(*m_http, QStringLiteral("m"));
    auto member = connect();
    QCOMPARE(status(member->join(room.topic(), config(), token)), QStringLiteral("ok"));
    QCOMPARE(m_http
                 ->function(QStringLiteral("rooms-delete"),
                            {{QStringLiteral("room_id"), room.roomId}}, room.hostToken)
                 .status,
             200);
    QVERIFY(member->waitFor([&](const Message &m) {
        return m.event == QLatin1String("phx_close") && m.topic == room.topic();
    }));
}

void TestRealtime::silentPresenceGoesOffline()
{
    auto cfg = TestServer::defaults();
    cfg.persistIntervalMs = 50;
    cfg.presenceTimeoutMs = 400;
    QVERIFY(restart(cfg));
    HttpClient &http = *m_http;
    const auto room = RoomFixture::create(http);
    const auto c = joined(room, QStringLiteral("quiet"));
    QVERIFY(c);
    auto online = [&] {
        return http
            .function(QStringLiteral("members-get-list"),
                      {{QStringLiteral("room_id"), room.roomId}})
            .data()
            .value(QLatin1String("online"))
            .toInt();
    };
    QCOMPARE(online(), 1);
    // The socket stays open, but no presence arrives: offline after the timeout.
    QTRY_COMPARE_WITH_TIMEOUT(online(), 0, 5000);
    QVERIFY(c->isConnected());
    const QJsonObject track = trackRequest(
        QJsonObject {{QStringLiteral("current_time"), 0.0}, {QStringLiteral("is_playing"), false}});
    // Online again at its report (its answer waits for the presence window, and the report
    // holds for the timeout only: look at once, not after the answer).
    c->push(room.topic(), QStringLiteral("presence"), track);
    QTRY_COMPARE_WITH_TIMEOUT(online(), 1, 5000);
}

void TestRealtime::leavingPrivateRoomClosesChannel()
{
    const auto room = RoomFixture::create(*m_http, false);
    const QString token = room.join(*m_http, QStringLiteral("leaver"));
    auto c = connect();
    QCOMPARE(status(c->join(room.topic(), config(), token)), QStringLiteral("ok"));
    QCOMPARE(m_http
                 ->function(QStringLiteral("rooms-leave"),
                            {{QStringLiteral("room_id"), room.roomId}}, token)
                 .status,
             200);
    QVERIFY(c->waitFor([&](const Message &m) {
        return m.event == QLatin1String("phx_close") && m.topic == room.topic();
    }));
    // Gone from the channel: the room's broadcasts no longer reach it.
    QCOMPARE(status(c->request(room.topic(), QStringLiteral("broadcast"), {})),
             QStringLiteral("error"));
}

// The member is gone but the socket stays on the channel as an anonymous viewer: it still sees
// the room, and can no longer speak in it.
void TestRealtime::leavingPublicRoomKeepsAViewer()
{
    const auto room = RoomFixture::create(*m_http);
    const QString token = room.join(*m_http, QStringLiteral("stays"));
    auto host = connect();
    auto c = connect();
    QCOMPARE(status(host->join(room.topic(), config(), room.hostToken)), QStringLiteral("ok"));
    QCOMPARE(status(c->join(room.topic(), config(), token)), QStringLiteral("ok"));
    QCOMPARE(m_http
                 ->function(QStringLiteral("rooms-leave"),
                            {{QStringLiteral("room_id"), room.roomId}}, token)
                 .status,
             200);
    QVERIFY(c->waitForBroadcast(room.topic(), QStringLiteral("member_left")));
    const QJsonObject cheer {{QStringLiteral("type"), QStringLiteral("broadcast")},
                             {QStringLiteral("event"), QStringLiteral("cheer")},
                             {QStringLiteral("payload"), QJsonObject {}}};
    QCOMPARE(status(c->request(room.topic(), QStringLiteral("broadcast"), cheer)),
             QStringLiteral("error"));
    QCOMPARE(status(host->request(room.topic(), QStringLiteral("broadcast"), cheer)),
             QStringLiteral("ok"));
    QVERIFY(c->waitForBroadcast(room.topic(), QStringLiteral("cheer")));
    QCOMPARE(c->count([](const Message &m) { return m.event == QLatin1String("phx_close"); }), 0);
}

QTEST_GUILESS_MAIN(TestRealtime)
#include "tst_realtime.moc"
