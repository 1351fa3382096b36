#include "RoomClientTestKit.h"

#include "protocol/Codec.h"

#include <QWebSocket>
#include <QWebSocketServer>

using namespace watchium;
using namespace watchium::test;
using State = RoomClient::ConnectionState;

namespace {

// A Realtime endpoint that accepts sockets and then answers only what it is
// told to: a server that hung, or a path that silently drops frames.
class SilentServer : public QObject
{
public:
    explicit SilentServer(bool answerJoins)
        : m_server(QStringLiteral("silent"), QWebSocketServer::NonSecureMode)
        , m_answerJoins(answerJoins)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            ++connections;
            connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, socket](const QString &text) { onText(socket, text); });
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QString httpBase() const
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
    }

    int connections = 0;
    int heartbeats = 0;

private:
    void onText(QWebSocket *socket, const QString &text)
    {
        const auto decoded = protocol::Codec::decodeText(text.toUtf8(), protocol::Vsn::V2);
        if (!decoded.message)
            return;
        const protocol::Message &m = *decoded.message;
        heartbeats += m.event == QLatin1String("heartbeat");
        if (!m_answerJoins || m.event != QLatin1String("phx_join"))
            return;
        protocol::Message reply = m;
        reply.event = QStringLiteral("phx_reply");
        reply.payload = {{QStringLiteral("status"), QStringLiteral("ok")},
                         {QStringLiteral("response"),
                          QJsonObject {{QStringLiteral("user_id"), QStringLiteral("v")},
                                       {QStringLiteral("host_user_id"), QStringLiteral("h")},
                                       {QStringLiteral("state"), RoomState {}.toJson()}}}};
        socket->sendTextMessage(
            QString::fromUtf8(protocol::Codec::encodeText(reply, protocol::Vsn::V2)));
    }

    QWebSocketServer m_server;
    bool m_answerJoins;
};

RoomSession fakeSession()
{
    RoomSession s;
    s.roomId = QStringLiteral("abcdefghij");
    s.userId = QStringLiteral("v");
    s.username = QStringLiteral("V");
    s.memberToken = QStringLiteral("token");
    return s;
}

} // namespace

class TestRoomClientReconnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void serverRestartReconnectsAndDeliversOnce();
    void rejoinResyncsState();
    void resentCommentIsNotDuplicated();
    void unansweredJoinReconnects();
    void unansweredHeartbeatReconnects();

private:
    std::unique_ptr<RoomClient> newClient();
    std::unique_ptr<RoomClient> host();
    std::unique_ptr<RoomClient> viewer(const QString &roomId);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestRoomClientReconnect::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestRoomClientReconnect::cleanup()
{
    m_http.reset();
    m_server.reset();
}

std::unique_ptr<RoomClient> TestRoomClientReconnect::newClient()
{
    return std::make_unique<RoomClient>(clientOptions(m_server->httpBase()));
}

std::unique_ptr<RoomClient> TestRoomClientReconnect::host()
{
    auto client = newClient();
    client->createRoom(roomRequest(QStringLiteral("host-1")));
    return waitForState(*client, State::Joined) ? std::move(client) : nullptr;
}

std::unique_ptr<RoomClient> TestRoomClientReconnect::viewer(const QString &roomId)
{
    auto client = newClient();
    client->joinRoom(joinRequest(roomId, QStringLiteral("viewer")));
    return waitForState(*client, State::Joined) ? std::move(client) : nullptr;
}

void TestRoomClientReconnect::serverRestartReconnectsAndDeliversOnce()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId);
    QVERIFY(viewerClient);
    hostClient->play(10.0);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 1, kWaitMs);
    const RoomState before = viewerClient->roomState();

    QSignalSpy states(viewerClient.get(), &RoomClient::connectionStateChanged);
    QSignalSpy acknowledged(viewerClient.get(), &RoomClient::commentAcknowledged);
    QSignalSpy retries(viewerClient.get(), &RoomClient::reconnectScheduled);
    m_server->stop();
    QVERIFY(waitForState(*viewerClient, State::Reconnecting));
    const QString key = viewerClient->sendComment(QStringLiteral("sent while down"));
    QCOMPARE(viewerClient->pendingComments(), 1);
    // The first retry is refused too (nobody listens), and the next waits
    // longer: 0.5 s then 1 s, each ±20 %.
    QVERIFY(QTest::qWaitFor([&] { return retries.size() >= 2; }, kWaitMs));
    QVERIFY(retries.at(0).at(0).toLongLong() <= 600);
    QVERIFY(retries.at(1).at(0).toLongLong() >= 800);
    // Numbered for "retrying (attempt N)".
    QCOMPARE(retries.at(0).at(2).toInt(), 1);
    QCOMPARE(retries.at(1).at(2).toInt(), 2);

    QVERIFY(m_server->startOnSamePort());
    QVERIFY(waitForState(*viewerClient, State::Joined, 30'000));
    QVERIFY(waitForState(*hostClient, State::Joined, 30'000));
    QCOMPARE(viewerClient->reconnectAttempt(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), 1, kWaitMs);
    QCOMPARE(acknowledged.at(0).at(0).toString(), key);
    QCOMPARE(viewerClient->pendingComments(), 0);
    QCOMPARE(countComments(*m_http, QStringLiteral("sent while down")), 1);

    // Passed through Reconnecting and Joining on the way back.
    QList<State> seen;
    for (const auto &args : states)
        seen.append(args.at(0).value<State>());
    QVERIFY(seen.contains(State::Reconnecting));
    QVERIFY(seen.indexOf(State::Joining) > seen.indexOf(State::Reconnecting));
    // The store kept the room's state, and the join reply restated it.
    QCOMPARE(viewerClient->roomState(), before);
    QCOMPARE(viewerClient->hostUserId(), QStringLiteral("host-1"));

    // The rejoined channel carries controls again.
    hostClient->pause(20.0);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, before.seq + 1, kWaitMs);
    QCOMPARE(viewerClient->roomState().position, 20.0);
    QVERIFY(!viewerClient->roomState().playing);
}

void TestRoomClientReconnect::rejoinResyncsState()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId);
    QVERIFY(viewerClient);
    const RoomSession session = viewerClient->session();
    viewerClient->disconnectFromRoom();
    QCOMPARE(viewerClient->connectionState(), State::Disconnected);

    // Changes the viewer cannot hear.
    QSignalSpy accepted(hostClient.get(), &RoomClient::controlAccepted);
    hostClient->play(33.0);
    hostClient->setRate(1.25);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 2, kWaitMs);
    QCOMPARE(viewerClient->roomState().seq, 0);

    QSignalSpy changed(viewerClient.get(), &RoomClient::roomStateChanged);
    viewerClient->connectToRoom(session);
    QVERIFY(waitForState(*viewerClient, State::Joined));
    // Resynced by the join reply alone, before any further control.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(viewerClient->roomState(), hostClient->roomState());
    QCOMPARE(viewerClient->roomState().seq, 2);
    QCOMPARE(viewerClient->roomState().rate, 1.25);
}

void TestRoomClientReconnect::resentCommentIsNotDuplicated()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId);
    QVERIFY(viewerClient);
    const RoomSession session = viewerClient->session();
    viewerClient->disconnectFromRoom();
    const QString key = viewerClient->sendComment(QStringLiteral("once only"));

    // The server stored it but the acknowledgement never arrived: what a
    // socket lost between commit and reply leaves behind.
    const auto stored = m_http->function(QStringLiteral("comments-create"),
                                         {{QStringLiteral("room_id"), session.roomId},
                                          {QStringLiteral("message"), QStringLiteral("once only")},
                                          {QStringLiteral("idempotency_key"), key}},
                                         session.memberToken);
    QCOMPARE(stored.status, 200);

    QSignalSpy acknowledged(viewerClient.get(), &RoomClient::commentAcknowledged);
    viewerClient->connectToRoom(session);
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.at(0).at(0).toString(), key);
    QCOMPARE(acknowledged.at(0).at(1).toJsonObject().value(QLatin1String("id")),
             stored.data().value(QLatin1String("comment")).toObject().value(QLatin1String("id")));
    QCOMPARE(viewerClient->pendingComments(), 0);
    QCOMPARE(countComments(*m_http, QStringLiteral("once only")), 1);
}

void TestRoomClientReconnect::unansweredJoinReconnects()
{
    SilentServer silent(false);
    QVERIFY(silent.listen());
    RoomClient::Options options = clientOptions(silent.httpBase());
    options.requestTimeoutMs = 300;
    options.socket.backoff = {50, 200, 0.2};
    RoomClient client(options);
    QSignalSpy states(&client, &RoomClient::connectionStateChanged);
    client.connectToRoom(fakeSession());
    QTRY_VERIFY_WITH_TIMEOUT(silent.connections >= 3, kWaitMs);
    QVERIFY(states.contains({QVariant::fromValue(State::Joining)}));
    QVERIFY(states.contains({QVariant::fromValue(State::Reconnecting)}));
    QVERIFY(!states.contains({QVariant::fromValue(State::Joined)}));
    client.disconnectFromRoom();
    QCOMPARE(client.connectionState(), State::Disconnected);
}

void TestRoomClientReconnect::unansweredHeartbeatReconnects()
{
    SilentServer silent(true);
    QVERIFY(silent.listen());
    RoomClient::Options options = clientOptions(silent.httpBase());
    options.socket.heartbeatIntervalMs = 200;
    options.socket.heartbeatTimeoutMs = 150;
    options.socket.backoff = {50, 200, 0.2};
    RoomClient client(options);
    client.connectToRoom(fakeSession());
    QVERIFY(waitForState(client, State::Joined));
    QVERIFY(waitForState(client, State::Reconnecting));
    QVERIFY(silent.heartbeats >= 1);
    // And it comes back, joining the (still half-deaf) server again.
    QTRY_VERIFY_WITH_TIMEOUT(silent.connections >= 2, kWaitMs);
    QVERIFY(waitForState(client, State::Joined));
}

QTEST_GUILESS_MAIN(TestRoomClientReconnect)
#include "tst_roomclient_reconnect.moc"
