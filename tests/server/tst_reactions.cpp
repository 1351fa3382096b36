#include "domain/Reactions.h"
#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

const QString kFire = QStringLiteral("\U0001F525");

QJsonObject reactionPush(const QJsonObject &payload)
{
    return {{QStringLiteral("type"), QStringLiteral("broadcast")},
            {QStringLiteral("event"), QStringLiteral("reaction")},
            {QStringLiteral("payload"), payload}};
}

QString replyCode(const QJsonObject &reply)
{
    return reply.value(QLatin1String("response"))
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

} // namespace

// Emoji reactions end to end: a member's reaction reaches the room with the server's idea of who
// sent it, bad ones are refused with a reason, and each member gets 10 per 10 s, over the socket
// and the HTTP broadcast endpoint alike.
class TestReactions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void reactionReachesTheRoomOverTheSocket();
    void badReactionsAreRefusedOverTheSocket_data();
    void badReactionsAreRefusedOverTheSocket();
    void outsidersCannotReact();
    void limitedPerMemberOverTheSocket();
    void overHttpRelayedAndRefused();
    void httpAndSocketShareTheBudget();

private:
    bool joinRoom();
    QJsonObject react(WsClient &client, const QJsonObject &payload);
    HttpClient::Response reactOverHttp(const QJsonObject &payload, const QString &token);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    RoomFixture m_room;
    QString m_memberToken;
    std::unique_ptr<WsClient> m_host;
    std::unique_ptr<WsClient> m_member;
};

void TestReactions::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    QVERIFY(joinRoom());
}

void TestReactions::cleanup()
{
    m_member.reset();
    m_host.reset();
    m_http.reset();
    m_server.reset();
}

bool TestReactions::joinRoom()
{
    m_room = RoomFixture::create(*m_http);
    m_memberToken = m_room.join(*m_http, QStringLiteral("ann"));
    m_host = std::make_unique<WsClient>();
    m_member = std::make_unique<WsClient>();
    if (!m_host->open(m_server->wsUrl()) || !m_member->open(m_server->wsUrl()))
        return false;
    const auto ok = [](const QJsonObject &reply) {
        return reply.value(QLatin1String("status")).toString() == QLatin1String("ok");
    };
    return ok(m_host->join(m_room.topic(), RoomFixture::joinConfig(), m_room.hostToken))
        && ok(m_member->join(m_room.topic(), RoomFixture::joinConfig(), m_memberToken));
}

QJsonObject TestReactions::react(WsClient &client, const QJsonObject &payload)
{
    return client.request(m_room.topic(), QStringLiteral("broadcast"), reactionPush(payload),
                          client.joinRefOf(m_room.topic()));
}

HttpClient::Response TestReactions::reactOverHttp(const QJsonObject &payload, const QString &token)
{
    const QJsonObject message {{QStringLiteral("topic"), QStringLiteral("room:") + m_room.roomId},
                               {QStringLiteral("event"), QStringLiteral("reaction")},
                               {QStringLiteral("payload"), payload}};
    return m_http->post(QStringLiteral("/realtime/v1/api/broadcast"),
                        {{QStringLiteral("messages"), QJsonArray {message}}}, token);
}

void TestReactions::reactionReachesTheRoomOverTheSocket()
{
    // Who is claimed in the payload is not who is relayed: the server writes the sender.
    const QJsonObject reply = react(*m_member,
                                    {{QStringLiteral("emoji"), kFire},
                                     {QStringLiteral("user_id"), QStringLiteral("host-1")},
                                     {QStringLiteral("username"), QStringLiteral("Host")}});
    QCOMPARE(reply.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    for (WsClient *client : {m_host.get(), m_member.get()}) {
        const auto got = client->waitForBroadcast(m_room.topic(), QStringLiteral("reaction"));
        QVERIFY(got);
        const QJsonObject payload = got->payload.value(QLatin1String("payload")).toObject();
        QCOMPARE(payload.value(QLatin1String("emoji")).toString(), kFire);
        QCOMPARE(payload.value(QLatin1String("user_id")).toString(), QStringLiteral("ann"));
        QCOMPARE(payload.value(QLatin1String("username")).toString(), QStringLiteral("ann"));
        QCOMPARE(payload.size(), 3);
    }
}

void TestReactions::badReactionsAreRefusedOverTheSocket_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("not_in_the_set")
        << QJsonObject {{QStringLiteral("emoji"), QStringLiteral("\U0001F4A9")}};
    QTest::newRow("text") << QJsonObject {{QStringLiteral("emoji"), QStringLiteral("lol")}};
    QTest::newRow("missing") << QJsonObject {};
    QTest::newRow("oversized") << QJsonObject {
        {QStringLiteral("emoji"), kFire}, {QStringLiteral("pad"), QString(1000, QLatin1Char('x'))}};
}

void TestReactions::badReactionsAreRefusedOverTheSocket()
{
    QFETCH(QJsonObject, payload);
    m_host->clear();
    const QJsonObject reply = react(*m_member, payload);
    QCOMPARE(reply.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(replyCode(reply), QStringLiteral("invalid_reaction"));
    QVERIFY(!reply.value(QLatin1String("response"))
                 .toObject()
                 .value(QLatin1String("reason"))
                 .toString()
                 .isEmpty());
    // Nothing reached the room; the socket stays usable.
    QVERIFY(!m_host->waitForBroadcast(m_room.topic(), QStringLiteral("reaction"), 300));
    QCOMPARE(react(*m_member, {{QStringLiteral("emoji"), kFire}})
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("ok"));
}

void TestReactions::outsidersCannotReact()
{
    WsClient outsider;
    QVERIFY(outsider.open(m_server->wsUrl()));
    outsider.join(m_room.topic(), RoomFixture::joinConfig());
    const QJsonObject reply = react(outsider, {{QStringLiteral("emoji"), kFire}});
    QCOMPARE(replyCode(reply), QStringLiteral("token_required"));
    QCOMPARE(reactOverHttp({{QStringLiteral("emoji"), kFire}}, {}).status, 403);
}

void TestReactions::limitedPerMemberOverTheSocket()
{
    int accepted = 0;
    QJsonObject refused;
    for (int i = 0; i < 12; ++i) {
        const QJsonObject reply = react(*m_member, {{QStringLiteral("emoji"), kFire}});
        if (reply.value(QLatin1String("status")).toString() == QLatin1String("ok"))
            ++accepted;
        else
            refused = reply;
    }
    // 10 per 10 s for one member.
    QCOMPARE(accepted, 10);
    QCOMPARE(replyCode(refused), QStringLiteral("rate_limited"));
    QVERIFY(refused.value(QLatin1String("response"))
                .toObject()
                .value(QLatin1String("reason"))
                .toString()
                .contains(QLatin1String("reaction")));
    // Another member of the room is not held back by this one.
    QCOMPARE(react(*m_host, {{QStringLiteral("emoji"), kFire}})
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("ok"));
}

void TestReactions::overHttpRelayedAndRefused()
{
    const auto accepted =
        reactOverHttp({{QStringLiteral("emoji"), reactions::emojis().first()}}, m_memberToken);
    QCOMPARE(accepted.status, 202);
    const auto got = m_host->waitForBroadcast(m_room.topic(), QStringLiteral("reaction"));
    QVERIFY(got);
    const QJsonObject payload = got->payload.value(QLatin1String("payload")).toObject();
    QCOMPARE(payload.value(QLatin1String("emoji")).toString(), reactions::emojis().first());
    QCOMPARE(payload.value(QLatin1String("user_id")).toString(), QStringLiteral("ann"));

    m_host->clear();
    const auto refused =
        reactOverHttp({{QStringLiteral("emoji"), QStringLiteral("\U0001F4A9")}}, m_memberToken);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json.value(QLatin1String("success")).toBool(true), false);
    QCOMPARE(refused.errorCode(), QStringLiteral("invalid_reaction"));
    QVERIFY(refused.json.value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(kFire));
    QVERIFY(!m_host->waitForBroadcast(m_room.topic(), QStringLiteral("reaction"), 300));
}

void TestReactions::httpAndSocketShareTheBudget()
{
    for (int i = 0; i < 5; ++i)
        QCOMPARE(reactOverHttp({{QStringLiteral("emoji"), kFire}}, m_memberToken).status, 202);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(react(*m_member, {{QStringLiteral("emoji"), kFire}})
                     .value(QLatin1String("status"))
                     .toString(),
                 QStringLiteral("ok"));
    const auto limited = reactOverHttp({{QStringLiteral("emoji"), kFire}}, m_memberToken);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.errorCode(), QStringLiteral("rate_limited"));
    QVERIFY(limited.retryAfter.toInt() >= 1);
    QCOMPARE(replyCode(react(*m_member, {{QStringLiteral("emoji"), kFire}})),
             QStringLiteral("rate_limited"));
}

QTEST_GUILESS_MAIN(TestReactions)
#include "tst_reactions.moc"
