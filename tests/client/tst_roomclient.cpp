#include "RoomClientTestKit.h"

#include "client/RoomApi.h"

#include <QTcpServer>

#include <cmath>

using namespace watchium;
using namespace watchium::test;
using State = RoomClient::ConnectionState;

class TestRoomClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createAndJoin();
    void hostControlsReachViewer();
    void nonHostControlIsRejected();
    void controlNeedsConnection();
    void presenceVisibleToOthers();
    void clockSyncOnSameMachine();
    void delaysReportedOnceClockSettles();
    void hostLeavingPassesHost();
    void privateRoomNeedsKey();
    void unknownRoomFails();
    void refusedJoinIsNotRetried();
    void serverUnreachable();
    void leavingASilentServerFinishesAnyway();
    void deletedRoomCloses();
    void commentsRoundTrip();

private:
    std::unique_ptr<RoomClient> newClient();
    // A client that created (or joined) a room and reached Joined; null if not.
    std::unique_ptr<RoomClient> host(bool isPublic = true);
    std::unique_ptr<RoomClient> viewer(const QString &roomId, const QString &user,
                                       const QString &key = {});

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
};

void TestRoomClient::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false; // the tests fire controls faster than a person
    m_server = std::make_unique<TestServer>(config);
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
}

void TestRoomClient::cleanup()
{
    m_http.reset();
    m_server.reset();
}

std::unique_ptr<RoomClient> TestRoomClient::newClient()
{
    return std::make_unique<RoomClient>(clientOptions(m_server->httpBase()));
}

std::unique_ptr<RoomClient> TestRoomClient::host(bool isPublic)
{
    auto client = newClient();
    client->createRoom(roomRequest(QStringLiteral("host-1"), isPublic));
    return waitForState(*client, State::Joined) ? std::move(client) : nullptr;
}

std::unique_ptr<RoomClient> TestRoomClient::viewer(const QString &roomId, const QString &user,
                                                   const QString &key)
{
    auto client = newClient();
    client->joinRoom(joinRequest(roomId, user, key));
    return waitForState(*client, State::Joined) ? std::move(client) : nullptr;
}

void TestRoomClient::createAndJoin()
{
    auto hostClient = newClient();
    QSignalSpy entered(hostClient.get(), &RoomClient::entered);
    QSignalSpy states(hostClient.get(), &RoomClient::connectionStateChanged);
    hostClient->createRoom(roomRequest(QStringLiteral("host-1")));
    QVERIFY(waitForState(*hostClient, State::Joined));
    QCOMPARE(entered.size(), 1);
    const auto session = entered.at(0).at(0).value<RoomSession>();
    QCOMPARE(session.roomId.size(), 10);
    QCOMPARE(session.realtimeChannel, QStringLiteral("room:") + session.roomId);
    QVERIFY(!session.memberToken.isEmpty());
    QVERIFY(session.accessKey.isEmpty()); // public room
    QCOMPARE(states.size(), 3);
    QCOMPARE(states.at(0).at(0).value<State>(), State::Connecting);
    QCOMPARE(states.at(1).at(0).value<State>(), State::Joining);
    QCOMPARE(states.at(2).at(0).value<State>(), State::Joined);
    QVERIFY(hostClient->isHost());
    QVERIFY(hostClient->hasRoomState());
    QCOMPARE(hostClient->roomState().seq, 0);

    auto viewerClient = viewer(session.roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QCOMPARE(viewerClient->userId(), QStringLiteral("viewer"));
    QCOMPARE(viewerClient->hostUserId(), QStringLiteral("host-1"));
    QVERIFY(!viewerClient->isHost());
    QCOMPARE(viewerClient->roomState(), hostClient->roomState());
}

void TestRoomClient::hostControlsReachViewer()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QSignalSpy accepted(hostClient.get(), &RoomClient::controlAccepted);
    QSignalSpy viewerStates(viewerClient.get(), &RoomClient::roomStateChanged);

    hostClient->play(12.5);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 1, kWaitMs);
    RoomState s = viewerClient->roomState();
    QVERIFY(s.playing);
    QCOMPARE(s.position, 12.5);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(accepted.at(0).at(0).toString(), QStringLiteral("play"));

    hostClient->seek(100.0);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 2, kWaitMs);
    s = viewerClient->roomState();
    QVERIFY(s.playing); // a seek keeps playing
    QCOMPARE(s.position, 100.0);

    hostClient->pause(101.0);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 3, kWaitMs);
    s = viewerClient->roomState();
    QVERIFY(!s.playing);
    QCOMPARE(s.position, 101.0);

    hostClient->setRate(1.5);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 4, kWaitMs);
    QCOMPARE(viewerClient->roomState().rate, 1.5);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 4, kWaitMs);
    QCOMPARE(hostClient->roomState(), viewerClient->roomState());
    // One signal per change, although the host sees each twice (reply and
    // its own broadcast).
    QCOMPARE(viewerStates.size(), 4);
    QCOMPARE(viewerStates.at(0).at(0).value<RoomState>().seq, 1);
}

void TestRoomClient::nonHostControlIsRejected()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QSignalSpy failed(viewerClient.get(), &RoomClient::controlFailed);
    viewerClient->play(5.0);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("play"));
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("not_host"));
    // Nothing moved: a later host control is the room's first.
    hostClient->pause(1.0);
    QTRY_COMPARE_WITH_TIMEOUT(viewerClient->roomState().seq, 1, kWaitMs);
    QCOMPARE(viewerClient->roomState().position, 1.0);
}

void TestRoomClient::controlNeedsConnection()
{
    auto client = newClient();
    QSignalSpy failed(client.get(), &RoomClient::controlFailed);
    client->seek(3.0);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("not_connected"));
}

void TestRoomClient::presenceVisibleToOthers()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = newClient();
    viewerClient->setLocalStatus({42.0, true, 12.0, true});
    JoinRoomRequest request = joinRequest(hostClient->session().roomId, QStringLiteral("viewer"));
    request.avatarUrl = QStringLiteral("https://example.com/viewer.png");
    viewerClient->joinRoom(request);
    QTRY_VERIFY_WITH_TIMEOUT(hostClient->members().contains(QStringLiteral("viewer")), kWaitMs);
    QJsonObject meta = hostClient->members().value(QStringLiteral("viewer"));
    QCOMPARE(meta.value(QLatin1String("user_id")).toString(), QStringLiteral("viewer"));
    QCOMPARE(meta.value(QLatin1String("username")).toString(), QStringLiteral("VIEWER"));
    QCOMPARE(meta.value(QLatin1String("current_time")).toDouble(), 42.0);
    QCOMPARE(meta.value(QLatin1String("is_playing")).toBool(), true);
    QCOMPARE(meta.value(QLatin1String("sync_error_ms")).toDouble(), 12.0);
    QCOMPARE(meta.value(QLatin1String("buffering")).toBool(), true);
    QVERIFY(meta.contains(QLatin1String("rtt_ms")));
    QCOMPARE(viewerClient->session().avatarUrl, request.avatarUrl);
    QCOMPARE(meta.value(QLatin1String("avatar_url")).toString(), request.avatarUrl);
    // Both see both; a member without an avatar tracks none.
    QTRY_VERIFY_WITH_TIMEOUT(viewerClient->members().contains(QStringLiteral("host-1")), kWaitMs);
    QVERIFY(!viewerClient->members()
                 .value(QStringLiteral("host-1"))
                 .contains(QLatin1String("avatar_url")));

    // The provider is asked at every periodic track (every 3 s).
    viewerClient->setLocalStatusProvider([] { return LocalStatus {77.0, false, 0.0, false}; });
    QTRY_COMPARE_WITH_TIMEOUT(hostClient->members()
                                  .value(QStringLiteral("viewer"))
                                  .value(QLatin1String("current_time"))
                                  .toDouble(),
                              77.0, kWaitMs);
    // A closed socket leaves its presence.
    viewerClient->disconnectFromRoom();
    QTRY_VERIFY_WITH_TIMEOUT(!hostClient->members().contains(QStringLiteral("viewer")), kWaitMs);
}

void TestRoomClient::clockSyncOnSameMachine()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    // Five greedy pings, 150 ms apart, then periodic ones.
    QTRY_VERIFY_WITH_TIMEOUT(hostClient->clock().sampleCount() >= 5, kWaitMs);
    const double offset = hostClient->clock().offsetMs();
    const double rtt = hostClient->clock().rttMs();
    QVERIFY2(rtt > 0.0, qPrintable(QString::number(rtt)));
    // One clock on both ends, so the true offset is 0, and a min-delay
    // estimate lies within half its round trip of the truth (+ rounding).
    QVERIFY2(std::abs(offset) <= rtt / 2.0 + 5.0,
             qPrintable(QStringLiteral("offset %1 ms, rtt %2 ms").arg(offset).arg(rtt)));
    const qint64 drift = hostClient->serverNowMs() - QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(std::abs(drift) <= rtt / 2.0 + 10.0, qPrintable(QString::number(drift)));
}

void TestRoomClient::delaysReportedOnceClockSettles()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    // No periodic track within the test: only the one at join, which has no
    // clock samples yet, and the one when the greedy pings are in.
    auto options = clientOptions(m_server->httpBase());
    options.presenceIntervalMs = 600'000;
    RoomClient viewerClient(options);
    viewerClient.joinRoom(joinRequest(hostClient->session().roomId, QStringLiteral("viewer")));
    QVERIFY(waitForState(viewerClient, State::Joined));
    const auto viewerMeta = [&] {
        return hostClient->members().value(QStringLiteral("viewer"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(viewerMeta().value(QLatin1String("rtt_ms")).toDouble() > 0.0, kWaitMs);
    QVERIFY(viewerMeta().value(QLatin1String("down_delay_ms")).isDouble());
}

void TestRoomClient::hostLeavingPassesHost()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QSignalSpy hostChanged(viewerClient.get(), &RoomClient::hostChanged);
    QSignalSpy memberLeft(viewerClient.get(), &RoomClient::memberLeft);
    QSignalSpy left(hostClient.get(), &RoomClient::left);
    QSignalSpy finished(hostClient.get(), &RoomClient::leaveFinished);
    hostClient->leaveRoomWithin(60'000);
    QVERIFY(left.wait(kWaitMs));
    QCOMPARE(finished.size(), 1); // at the answer, not at the timeout
    QCOMPARE(hostClient->connectionState(), State::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(hostChanged.size(), 1, kWaitMs);
    QCOMPARE(hostChanged.at(0).at(0).toString(), QStringLiteral("viewer"));
    QVERIFY(viewerClient->isHost());
    QTRY_COMPARE_WITH_TIMEOUT(memberLeft.size(), 1, kWaitMs);
    QCOMPARE(memberLeft.at(0).at(0).toJsonObject().value(QLatin1String("user_id")).toString(),
             QStringLiteral("host-1"));
    // The new host's controls are obeyed.
    QSignalSpy accepted(viewerClient.get(), &RoomClient::controlAccepted);
    viewerClient->play(3.0);
    QVERIFY(accepted.wait(kWaitMs));
}

void TestRoomClient::privateRoomNeedsKey()
{
    auto hostClient = host(false);
    QVERIFY(hostClient);
    const RoomSession session = hostClient->session();
    QCOMPARE(session.accessKey.size(), 6);
    const QString wrong = session.accessKey == QLatin1String("000000") ? QStringLiteral("000001")
                                                                       : QStringLiteral("000000");
    auto guest = newClient();
    QSignalSpy failed(guest.get(), &RoomClient::failed);
    guest->joinRoom(joinRequest(session.roomId, QStringLiteral("guest"), wrong));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("invalid_access_key"));
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    QCOMPARE(guest->connectionState(), State::Disconnected);

    guest->joinRoom(joinRequest(session.roomId, QStringLiteral("guest"), session.accessKey));
    QVERIFY(waitForState(*guest, State::Joined));
    QCOMPARE(guest->session().accessKey, session.accessKey);
}

void TestRoomClient::unknownRoomFails()
{
    auto client = newClient();
    QSignalSpy failed(client.get(), &RoomClient::failed);
    client->joinRoom(joinRequest(QStringLiteral("zzzzzzzzzz"), QStringLiteral("v")));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("room_not_found"));
}

void TestRoomClient::refusedJoinIsNotRetried()
{
    // A session for a room the server does not know: the channel refuses it.
    RoomSession session;
    session.roomId = QStringLiteral("zzzzzzzzzz");
    session.userId = QStringLiteral("v");
    session.memberToken = QStringLiteral("made-up-token");
    auto client = newClient();
    QSignalSpy failed(client.get(), &RoomClient::failed);
    QSignalSpy states(client.get(), &RoomClient::connectionStateChanged);
    client->connectToRoom(session);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("room_not_found"));
    QCOMPARE(client->connectionState(), State::Disconnected);
    for (const auto &args : states)
        QVERIFY(args.at(0).value<State>() != State::Reconnecting);
}

void TestRoomClient::serverUnreachable()
{
    // A port that was free a moment ago and has nobody listening now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    RoomClient client(clientOptions(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QSignalSpy failed(&client, &RoomClient::failed);
    client.createRoom(roomRequest(QStringLiteral("h")));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("server_unreachable"));
}

// A server that takes the request and never answers: leaving ends at the timeout.
void TestRoomClient::leavingASilentServerFinishesAnyway()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    auto hostClient = host();
    QVERIFY(hostClient);
    RoomClient client(
        clientOptions(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
    client.connectToRoom(hostClient->session());
    QSignalSpy finished(&client, &RoomClient::leaveFinished);
    QSignalSpy left(&client, &RoomClient::left);
    client.leaveRoomWithin(500);
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kWaitMs);
    // The 500 ms may already be over (a slow machine, a sanitizer build): the spy has it then,
    // and waiting for another emission would wait in vain.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWaitMs);
    QCOMPARE(left.size(), 0); // the timeout ended it, not an answer
}

void TestRoomClient::deletedRoomCloses()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QSignalSpy closed(viewerClient.get(), &RoomClient::roomClosed);
    QSignalSpy deleted(hostClient.get(), &RoomClient::roomClosed);
    const auto r = m_http->function(QStringLiteral("rooms-delete"),
                                    {{QStringLiteral("room_id"), hostClient->session().roomId}},
                                    hostClient->session().memberToken);
    QCOMPARE(r.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kWaitMs);
    QCOMPARE(viewerClient->connectionState(), State::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(deleted.size(), 1, kWaitMs);
}

void TestRoomClient::commentsRoundTrip()
{
    auto hostClient = host();
    QVERIFY(hostClient);
    auto viewerClient = viewer(hostClient->session().roomId, QStringLiteral("viewer"));
    QVERIFY(viewerClient);
    QSignalSpy acknowledged(viewerClient.get(), &RoomClient::commentAcknowledged);
    QSignalSpy received(hostClient.get(), &RoomClient::commentReceived);
    const QString key = viewerClient->sendComment(QStringLiteral("that opening!"), 12.0);
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.at(0).at(0).toString(), key);
    const QJsonObject comment = acknowledged.at(0).at(1).toJsonObject();
    QCOMPARE(comment.value(QLatin1String("message")).toString(), QStringLiteral("that opening!"));
    QCOMPARE(comment.value(QLatin1String("video_timestamp")).toDouble(), 12.0);
    QCOMPARE(viewerClient->pendingComments(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, kWaitMs);
    QCOMPARE(received.at(0).at(0).toJsonObject().value(QLatin1String("id")),
             comment.value(QLatin1String("id")));

    // A reply in the thread, and a comment the server refuses for good.
    QSignalSpy failed(viewerClient.get(), &RoomClient::commentFailed);
    hostClient->sendComment(QStringLiteral("agreed"), std::nullopt,
                            comment.value(QLatin1String("id")).toInteger());
    const QString blank = viewerClient->sendComment(QStringLiteral("   "));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.at(0).at(0).toString(), blank);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("invalid_request"));
    QCOMPARE(viewerClient->pendingComments(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(hostClient->pendingComments(), 0, kWaitMs);
    QCOMPARE(countComments(*m_http, QStringLiteral("that opening!")), 1);
}

QTEST_GUILESS_MAIN(TestRoomClient)
#include "tst_roomclient.moc"
