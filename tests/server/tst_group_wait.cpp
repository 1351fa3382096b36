#include "ChannelMember.h"
#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace watchium;
using protocol::Message;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using test::WsClient;

namespace {

using Member = test::ChannelMember;

QJsonObject action(const QString &name, double time = -1)
{
    QJsonObject body {{QStringLiteral("action"), name}};
    if (time >= 0)
        body.insert(QStringLiteral("current_time"), time);
    return body;
}

bool hasReason(const QJsonObject &payload, const char *reason)
{
    return payload.value(QLatin1String("reason")).toString() == QLatin1String(reason);
}

QStringList waitingFor(const QJsonObject &payload)
{
    QStringList ids;
    for (const QJsonValue &v : payload.value(QLatin1String("waiting_for")).toArray())
        ids.append(v.toString());
    return ids;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

// Group wait, the end of the video and the host's change of video, on a real server with
// members speaking the protocol frame by frame.
class TestGroupWait : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void playWaitsForLoadingMember();
    void bufferingMidPlayPausesTheRoom();
    void waitIsBoundedThenMemberCatchesUpAlone();
    void hostCanTurnWaitingOff();
    void hostPlayDuringWaitStartsWithoutThem();
    void clientsWithoutPlayerStatusAreNeverWaitedFor();
    void failedPlayerIsNeverInSyncNorWaitedFor();
    void roomStopsAtTheEndOfTheVideo();
    void hostChangesTheVideo();
    void serverEventsCannotBeForged();

private:
    void setUpRoom(int timeoutMs = 10000);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Member> m_host;
    std::unique_ptr<Member> m_ben;
};

void TestGroupWait::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    m_server = std::make_unique<TestServer>(config);
}

void TestGroupWait::cleanup()
{
    m_ben.reset();
    m_host.reset();
    m_http.reset();
    m_server.reset();
}

void TestGroupWait::setUpRoom(int timeoutMs)
{
    m_server->config().groupWaitTimeoutMs = timeoutMs;
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    const RoomFixture room = RoomFixture::create(*m_http);
    m_host = std::make_unique<Member>();
    m_host->room = room;
    m_ben = std::make_unique<Member>();
    m_ben->room = room;
    QVERIFY(m_host->join(*m_server, room.hostToken));
    QVERIFY(m_ben->join(*m_server, room.join(*m_http, QStringLiteral("ben"))));
    QVERIFY(m_host->report(QStringLiteral("ready"), 0));
}

void TestGroupWait::playWaitsForLoadingMember()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("loading"), 0));
    const QJsonObject reply = m_host->control(action(QStringLiteral("play"), 0));
    QVERIFY(Member::ok(reply));
    const QJsonObject state =
        reply.value(QLatin1String("response")).toObject().value(QLatin1String("state")).toObject();
    QCOMPARE(state.value(QLatin1String("playing")).toBool(), false);
    QCOMPARE(waitingFor(state), QStringList {QStringLiteral("ben")});

    // Everyone is told, as a pause (what a seed client understands) that names who holds it.
    const auto pause = m_ben->next(QStringLiteral("pause"), 5000,
                                   [](const QJsonObject &p) { return hasReason(p, "group_wait"); });
    QVERIFY(pause);
    QCOMPARE(waitingFor(*pause), QStringList {QStringLiteral("ben")});
    QCOMPARE(pause->value(QLatin1String("waiting_for_names")).toArray().first().toString(),
             QStringLiteral("ben"));
    QVERIFY(pause->value(QLatin1String("wait_deadline_ms")).toInteger() > nowMs() + 5000);

    // Loaded, but still at the wrong place: not ready yet.
    QVERIFY(m_ben->report(QStringLiteral("ready"), 30.0));
    QVERIFY(!m_host->next(QStringLiteral("play"), 300));
    QElapsedTimer sinceReady;
    sinceReady.start();
    QVERIFY(m_ben->report(QStringLiteral("ready"), 0.02));
    const auto play = m_host->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    qInfo("ready -> play broadcast in %lld ms", sinceReady.elapsed());
    QVERIFY(hasReason(*play, "ready"));
    QVERIFY(play->value(QLatin1String("is_playing")).toBool());
    QVERIFY(waitingFor(*play).isEmpty());
    QCOMPARE(play->value(QLatin1String("current_time")).toDouble(), 0.0);
    // One scheduled instant for everyone, a little ahead so all can meet it.
    QVERIFY(play->value(QLatin1String("server_time_ms")).toInteger() > nowMs());
}

void TestGroupWait::bufferingMidPlayPausesTheRoom()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("ready"), 0));
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 10))));
    QVERIFY(m_ben->next(QStringLiteral("play"), 2000));
    QTest::qWait(0);
    QVERIFY(m_ben->report(QStringLiteral("buffering"), 10.3));
    const auto pause = m_host->next(QStringLiteral("pause"), 2000);
    QVERIFY(pause);
    QVERIFY(hasReason(*pause, "group_wait"));
    const double at = pause->value(QLatin1String("current_time")).toDouble();
    // Where the room was when Ben stalled, not where Ben stalled.
    QVERIFY2(at >= 10.0 && at < 12.0, qPrintable(QString::number(at)));
    // A second member starting to buffer meanwhile joins the wait.
    QVERIFY(m_host->report(QStringLiteral("buffering"), at));
    const auto both = m_ben->next(QStringLiteral("state"), 2000, [](const QJsonObject &p) {
        return p.value(QLatin1String("waiting_for")).toArray().size() == 2;
    });
    QVERIFY(both);
    QVERIFY(m_host->report(QStringLiteral("ready"), at));
    QVERIFY(m_ben->report(QStringLiteral("ready"), at + 0.01));
    const auto play = m_ben->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    QCOMPARE(play->value(QLatin1String("current_time")).toDouble(), at);
}

void TestGroupWait::waitIsBoundedThenMemberCatchesUpAlone()
{
    setUpRoom(600);
    QVERIFY(m_ben->report(QStringLiteral("buffering"), 0));
    QElapsedTimer waited;
    waited.start();
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 0))));
    const auto play = m_host->next(QStringLiteral("play"), 3000);
    QVERIFY(play);
    QVERIFY(hasReason(*play, "timeout"));
    QVERIFY2(waited.elapsed() >= 550, qPrintable(QString::number(waited.elapsed())));
    // Ben is left to catch up alone: his next stall does not stop the room again.
    QVERIFY(m_ben->report(QStringLiteral("ready"), 0.5));
    QVERIFY(m_ben->report(QStringLiteral("buffering"), 0.6));
    QVERIFY(!m_host->next(QStringLiteral("pause"), 800));
}

void TestGroupWait::hostCanTurnWaitingOff()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("loading"), 0));
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 0))));
    QVERIFY(m_ben->next(QStringLiteral("pause"), 2000));
    // Only the host may turn it off.
    const QJsonObject refused =
        m_ben->control({{QStringLiteral("action"), QStringLiteral("group_wait")},
                        {QStringLiteral("enabled"), false}});
    QVERIFY(!Member::ok(refused));
    QVERIFY(Member::ok(m_host->control({{QStringLiteral("action"), QStringLiteral("group_wait")},
                                        {QStringLiteral("enabled"), false}})));
    const auto announced = m_ben->next(QStringLiteral("group_wait"), 2000);
    QVERIFY(announced);
    QCOMPARE(announced->value(QLatin1String("group_wait")).toBool(true), false);
    // The wait in progress ends at once.
    const auto play = m_ben->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    QVERIFY(hasReason(*play, "group_wait_off"));
    // Off: a member buffering mid-play does not stop anyone.
    QVERIFY(m_host->next(QStringLiteral("play"), 2000));
    QVERIFY(m_ben->report(QStringLiteral("buffering"), 0.1));
    QVERIFY(!m_host->next(QStringLiteral("pause"), 600));
    const auto list = m_http->function(QStringLiteral("rooms-join"),
                                       {{QStringLiteral("room_id"), m_host->room.roomId},
                                        {QStringLiteral("user_id"), QStringLiteral("late")},
                                        {QStringLiteral("username"), QStringLiteral("Late")}});
    QCOMPARE(list.data()
                 .value(QLatin1String("room"))
                 .toObject()
                 .value(QLatin1String("group_wait"))
                 .toBool(true),
             false);
}

void TestGroupWait::hostPlayDuringWaitStartsWithoutThem()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("loading"), 0));
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 0))));
    QVERIFY(m_ben->next(QStringLiteral("pause"), 2000));
    const QJsonObject reply = m_host->control(action(QStringLiteral("play"), 0));
    QVERIFY(Member::ok(reply));
    const auto play = m_ben->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    QVERIFY(hasReason(*play, "host_started"));
    QVERIFY(play->value(QLatin1String("is_playing")).toBool());
}

void TestGroupWait::clientsWithoutPlayerStatusAreNeverWaitedFor()
{
    setUpRoom();
    QVERIFY(m_ben->report(QString(), 0));
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 0))));
    const auto play = m_ben->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    QVERIFY(play->value(QLatin1String("is_playing")).toBool());
}

void TestGroupWait::failedPlayerIsNeverInSyncNorWaitedFor()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("error"), 0, 0,
                          QStringLiteral("Cannot play http://x/404.mp4: loading failed")));
    const auto list = m_http->function(QStringLiteral("members-get-list"),
                                       {{QStringLiteral("room_id"), m_host->room.roomId}});
    QJsonObject ben;
    for (const QJsonValue &v : list.data().value(QLatin1String("members")).toArray()) {
        if (v.toObject().value(QLatin1String("user_id")).toString() == QLatin1String("ben"))
            ben = v.toObject();
    }
    QCOMPARE(ben.value(QLatin1String("player_state")).toString(), QStringLiteral("error"));
    QVERIFY(ben.value(QLatin1String("player_error")).toString().contains(QLatin1String("404")));
    // Position 0 in a paused room at 0 would be "in sync": a player that fails is not.
    QCOMPARE(ben.value(QLatin1String("is_synced")).toBool(true), false);
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 0))));
    const auto play = m_ben->next(QStringLiteral("play"), 2000);
    QVERIFY(play);
    QVERIFY(play->value(QLatin1String("is_playing")).toBool());
}

void TestGroupWait::roomStopsAtTheEndOfTheVideo()
{
    setUpRoom();
    QVERIFY(m_ben->report(QStringLiteral("ready"), 0));
    // The host's player knows the length; a member's does not set it.
    QVERIFY(m_ben->report(QStringLiteral("ready"), 0, 99.0));
    QVERIFY(m_host->report(QStringLiteral("ready"), 0, 2.0));
    const auto learnt = m_ben->next(QStringLiteral("state"), 2000);
    QVERIFY(learnt);
    QCOMPARE(learnt->value(QLatin1String("duration")).toDouble(), 2.0);

    // A seek past the end holds at the end.
    const QJsonObject seek = m_host->control(action(QStringLiteral("seek"), 50));
    QCOMPARE(seek.value(QLatin1String("response"))
                 .toObject()
                 .value(QLatin1String("state"))
                 .toObject()
                 .value(QLatin1String("position"))
                 .toDouble(),
             2.0);
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 1.4))));
    const auto ended = m_ben->next(QStringLiteral("pause"), 3000,
                                   [](const QJsonObject &p) { return hasReason(p, "ended"); });
    QVERIFY(ended);
    QCOMPARE(ended->value(QLatin1String("current_time")).toDouble(), 2.0);
    QCOMPARE(ended->value(QLatin1String("is_playing")).toBool(true), false);
    const auto hostTime = m_http->function(QStringLiteral("sync-get-host-time"),
                                           {{QStringLiteral("room_id"), m_host->room.roomId}});
    QCOMPARE(hostTime.data().value(QLatin1String("current_time")).toDouble(), 2.0);
}

void TestGroupWait::hostChangesTheVideo()
{
    setUpRoom();
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("play"), 5))));
    const QJsonObject notHost = m_ben->control(
        {{QStringLiteral("action"), QStringLiteral("video")},
         {QStringLiteral("video_url"), QStringLiteral("https://example.com/b.mp4")}});
    QVERIFY(!Member::ok(notHost));
    const QJsonObject bad =
        m_host->control({{QStringLiteral("action"), QStringLiteral("video")},
                         {QStringLiteral("video_url"), QStringLiteral("file:///etc/passwd")}});
    QVERIFY(!Member::ok(bad));
    QVERIFY(Member::ok(m_host->control(
        {{QStringLiteral("action"), QStringLiteral("video")},
         {QStringLiteral("video_url"), QStringLiteral("https://example.com/b.mp4")}})));
    const auto changed = m_ben->next(QStringLiteral("video_changed"), 2000);
    QVERIFY(changed);
    QCOMPARE(changed->value(QLatin1String("video_url")).toString(),
             QStringLiteral("https://example.com/b.mp4"));
    const QJsonObject state = changed->value(QLatin1String("state")).toObject();
    QCOMPARE(state.value(QLatin1String("playing")).toBool(true), false);
    QCOMPARE(state.value(QLatin1String("position")).toDouble(-1), 0.0);
    // The room is the same room: a later joiner gets the new video.
    const auto join = m_http->function(QStringLiteral("rooms-join"),
                                       {{QStringLiteral("room_id"), m_host->room.roomId},
                                        {QStringLiteral("user_id"), QStringLiteral("late")},
                                        {QStringLiteral("username"), QStringLiteral("Late")}});
    QCOMPARE(join.data().value(QLatin1String("room")).toObject().value(QLatin1String("video_url")),
             QStringLiteral("https://example.com/b.mp4"));
}

void TestGroupWait::serverEventsCannotBeForged()
{
    setUpRoom();
    for (const QString &event :
         {QStringLiteral("state"), QStringLiteral("video_changed"), QStringLiteral("group_wait")}) {
        const QJsonObject reply = m_ben->ws.request(
            m_ben->room.topic(), QStringLiteral("broadcast"),
            {{QStringLiteral("type"), QStringLiteral("broadcast")},
             {QStringLiteral("event"), event},
             {QStringLiteral("payload"), QJsonObject {{QStringLiteral("playing"), true}}}});
        QCOMPARE(reply.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    }
    const QString benToken = m_ben->room.join(*m_http, QStringLiteral("ben2"));
    const auto http =
        m_http->post(QStringLiteral("/realtime/v1/api/broadcast"),
                     {{QStringLiteral("messages"),
                       QJsonArray {QJsonObject {
                           {QStringLiteral("topic"), QStringLiteral("room:") + m_ben->room.roomId},
                           {QStringLiteral("event"), QStringLiteral("state")},
                           {QStringLiteral("payload"), QJsonObject {}}}}}},
                     benToken);
    QCOMPARE(http.status, 403);
    QVERIFY(!m_host->next(QStringLiteral("state"), 300));
}

QTEST_GUILESS_MAIN(TestGroupWait)
#include "tst_group_wait.moc"
