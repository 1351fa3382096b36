#include "ChannelMember.h"
#include "domain/RoomQueue.h"
#include "RoomFixture.h"
#include "TestServer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

using namespace watchium;
using test::HttpClient;
using test::RoomFixture;
using test::TestServer;
using Member = test::ChannelMember;

namespace {

const QString kSecond = QStringLiteral("https://example.com/ep2.mp4");

QJsonObject add(qint64 episode, const QString &title, const QJsonValue &url)
{
    return {{QStringLiteral("action"), QStringLiteral("queue_add")},
            {QStringLiteral("episode_number"), episode},
            {QStringLiteral("title"), title},
            {QStringLiteral("video_url"), url}};
}

QJsonObject action(const QString &name, const QJsonObject &fields = {})
{
    QJsonObject body = fields;
    body.insert(QStringLiteral("action"), name);
    return body;
}

QJsonObject response(const QJsonObject &reply)
{
    return reply.value(QLatin1String("response")).toObject();
}

QJsonArray entriesOf(const QJsonObject &queue)
{
    return queue.value(QLatin1String("entries")).toArray();
}

QList<qint64> episodesOf(const QJsonObject &queue)
{
    QList<qint64> episodes;
    for (const QJsonValue &e : entriesOf(queue))
        episodes.append(e.toObject().value(QLatin1String("episode_number")).toInteger());
    return episodes;
}

qint64 idAt(const QJsonObject &queue, int index)
{
    return entriesOf(queue).at(index).toObject().value(QLatin1String("id")).toInteger();
}

} // namespace

// The episode queue on a real server: the host's edits, "next episode" for everyone, and
// auto-advance at the end of an episode, with members speaking the protocol frame by frame.
class TestEpisodeQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void hostEditsAndMembersSeeTheQueue();
    void membersCannotEdit_data();
    void membersCannotEdit();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void queueIsBounded();
    void queueSurvivesARestart();
    void nextEpisodeMovesEveryone();
    void nextForgetsTheLastEpisodesFile();
    void autoAdvanceFiresAtTheDeadline();
    void hostCancelsTheCountdown();
    void queueEventsCannotBeForged();

private:
    void setUpRoom(int countdownMs = 10000);
    // An episode of 1 s, one more queued, auto-advance on, played from 0.5 s.
    void playToTheEndWithAutoAdvance(int countdownMs);
    QJsonObject queueAfterJoin(const QString &user);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Member> m_host;
    std::unique_ptr<Member> m_ben;
    RoomFixture m_room;
};

void TestEpisodeQueue::init()
{
    auto config = TestServer::defaults();
    config.rateLimits = false;
    m_server = std::make_unique<TestServer>(config);
}

void TestEpisodeQueue::cleanup()
{
    m_ben.reset();
    m_host.reset();
    m_http.reset();
    m_server.reset();
}

void TestEpisodeQueue::setUpRoom(int countdownMs)
{
    m_server->config().autoAdvanceCountdownMs = countdownMs;
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    m_room = RoomFixture::create(*m_http);
    m_host = std::make_unique<Member>();
    m_host->room = m_room;
    m_ben = std::make_unique<Member>();
    m_ben->room = m_room;
    QVERIFY(m_host->join(*m_server, m_room.hostToken));
    QVERIFY(m_ben->join(*m_server, m_room.join(*m_http, QStringLiteral("ben"))));
}

QJsonObject TestEpisodeQueue::queueAfterJoin(const QString &user)
{
    const auto join = m_http->function(QStringLiteral("rooms-join"),
                                       {{QStringLiteral("room_id"), m_room.roomId},
                                        {QStringLiteral("user_id"), user},
                                        {QStringLiteral("username"), user}});
    return join.data().value(QLatin1String("queue")).toObject();
}

void TestEpisodeQueue::hostEditsAndMembersSeeTheQueue()
{
    setUpRoom();
    QCOMPARE(entriesOf(queueAfterJoin(QStringLiteral("early"))).size(), 0);
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), kSecond))));
    QVERIFY(Member::ok(m_host->control(add(3, QStringLiteral("Three"), QString()))));
    const QJsonObject reply =
        m_host->control(add(4, QStringLiteral("Four"), QStringLiteral("http://example.com/4")));
    QVERIFY(Member::ok(reply));
    QJsonObject queue = response(reply).value(QLatin1String("queue")).toObject();
    QCOMPARE(episodesOf(queue), (QList<qint64> {2, 3, 4}));
    // "" is an episode everyone plays from their own files.
    QCOMPARE(entriesOf(queue).at(1).toObject().value(QLatin1String("video_url")).toString(),
             QString());

    // Each change reaches the members with the whole queue.
    for (const QList<qint64> &expected :
         {QList<qint64> {2}, QList<qint64> {2, 3}, QList<qint64> {2, 3, 4}}) {
        const auto changed = m_ben->next(QStringLiteral("queue_changed"), 2000);
        QVERIFY(changed);
        QCOMPARE(episodesOf(changed->value(QLatin1String("queue")).toObject()), expected);
    }

    QVERIFY(Member::ok(m_host->control(
        action(QStringLiteral("queue_move"),
               {{QStringLiteral("entry_id"), idAt(queue, 2)}, {QStringLiteral("position"), 0}}))));
    auto changed = m_ben->next(QStringLiteral("queue_changed"), 2000);
    QVERIFY(changed);
    queue = changed->value(QLatin1String("queue")).toObject();
    QCOMPARE(episodesOf(queue), (QList<qint64> {4, 2, 3}));

    QVERIFY(Member::ok(m_host->control(
        action(QStringLiteral("queue_remove"), {{QStringLiteral("entry_id"), idAt(queue, 1)}}))));
    changed = m_ben->next(QStringLiteral("queue_changed"), 2000);
    QVERIFY(changed);
    QCOMPARE(episodesOf(changed->value(QLatin1String("queue")).toObject()), (QList<qint64> {4, 3}));

    // The same through the HTTP control function.
    QJsonObject body = add(7, QStringLiteral("Seven"), kSecond);
    body.insert(QStringLiteral("room_id"), m_room.roomId);
    const auto viaHttp = m_http->function(QStringLiteral("sync-control"), body, m_room.hostToken);
    QCOMPARE(viaHttp.status, 200);
    QCOMPARE(episodesOf(viaHttp.data().value(QLatin1String("queue")).toObject()),
             (QList<qint64> {4, 3, 7}));

    // A later joiner gets the queue in both join replies.
    QCOMPARE(episodesOf(queueAfterJoin(QStringLiteral("late"))), (QList<qint64> {4, 3, 7}));
    Member late;
    late.room = m_room;
    QVERIFY(late.ws.open(m_server->wsUrl()));
    const QJsonObject join = late.ws.join(m_room.topic(), RoomFixture::joinConfig());
    QCOMPARE(episodesOf(response(join).value(QLatin1String("queue")).toObject()),
             (QList<qint64> {4, 3, 7}));
}

void TestEpisodeQueue::membersCannotEdit_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("add") << add(2, QStringLiteral("Two"), kSecond);
    QTest::newRow("move") << action(
        QStringLiteral("queue_move"),
        {{QStringLiteral("entry_id"), 1}, {QStringLiteral("position"), 0}});
    QTest::newRow("remove") << action(QStringLiteral("queue_remove"),
                                      {{QStringLiteral("entry_id"), 1}});
    QTest::newRow("next") << action(QStringLiteral("queue_next"));
    QTest::newRow("auto_advance") << action(QStringLiteral("auto_advance"),
                                            {{QStringLiteral("enabled"), true}});
    QTest::newRow("cancel") << action(QStringLiteral("advance_cancel"));
}

void TestEpisodeQueue::membersCannotEdit()
{
    QFETCH(QJsonObject, body);
    setUpRoom();
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), kSecond))));
    const QJsonObject reply = m_ben->control(body);
    QVERIFY(!Member::ok(reply));
    QCOMPARE(response(reply).value(QLatin1String("code")).toString(), QStringLiteral("not_host"));
    QCOMPARE(episodesOf(queueAfterJoin(QStringLiteral("late"))), QList<qint64> {2});
}

void TestEpisodeQueue::badInputIsRefused_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message"); // a part of the error message
    const QString invalid = QStringLiteral("invalid_request");
    QJsonObject noEpisode = add(1, QStringLiteral("x"), kSecond);
    noEpisode.remove(QStringLiteral("episode_number"));
    QJsonObject noUrl = add(1, QStringLiteral("x"), kSecond);
    noUrl.remove(QStringLiteral("video_url"));
    QTest::newRow("episode_missing")
        << noEpisode << 400 << invalid << "episode_number: is required";
    QTest::newRow("episode_zero") << add(0, QStringLiteral("x"), kSecond) << 400 << invalid
                                  << "episode_number: must be";
    QTest::newRow("episode_too_big")
        << add(100001, QStringLiteral("x"), kSecond) << 400 << invalid << "episode_number: must be";
    QTest::newRow("episode_fraction")
        << action(QStringLiteral("queue_add"),
                  {{QStringLiteral("episode_number"), 1.5}, {QStringLiteral("video_url"), kSecond}})
        << 400 << invalid << "episode_number: must be a whole number";
    QTest::newRow("title_too_long") << add(1, QString(256, QLatin1Char('a')), kSecond) << 400
                                    << invalid << "title: must be at most 255";
    QTest::newRow("title_control") << add(1, QStringLiteral("a\x01"), kSecond) << 400 << invalid
                                   << "title: must not contain control";
    QTest::newRow("url_missing") << noUrl << 400 << invalid << "own files";
    QTest::newRow("url_file") << add(1, QStringLiteral("x"), QStringLiteral("file:///etc/passwd"))
                              << 400 << invalid << "video_url: must be an http or https URL";
    QTest::newRow("url_not_text") << add(1, QStringLiteral("x"), 5) << 400 << invalid
                                  << "video_url: must be a string";
    QTest::newRow("move_unknown") << action(
        QStringLiteral("queue_move"),
        {{QStringLiteral("entry_id"), 99999}, {QStringLiteral("position"), 0}})
                                  << 404 << "entry_not_found"
                                  << "no entry 99999";
    QTest::newRow("move_no_position")
        << action(QStringLiteral("queue_move"), {{QStringLiteral("entry_id"), 1}}) << 400 << invalid
        << "position: is required";
    QTest::newRow("move_bad_position")
        << action(QStringLiteral("queue_move"),
                  {{QStringLiteral("entry_id"), 1}, {QStringLiteral("position"), 500}})
        << 400 << invalid << "position: must be";
    QTest::newRow("remove_unknown")
        << action(QStringLiteral("queue_remove"), {{QStringLiteral("entry_id"), 42}}) << 404
        << "entry_not_found"
        << "no entry 42";
    QTest::newRow("remove_no_id") << action(QStringLiteral("queue_remove")) << 400 << invalid
                                  << "entry_id: is required";
    QTest::newRow("next_empty") << action(QStringLiteral("queue_next")) << 409 << "queue_empty"
                                << "the queue is empty";
    QTest::newRow("auto_advance_no_switch")
        << action(QStringLiteral("auto_advance")) << 400 << invalid << "enabled: is required";
    QTest::newRow("unknown_action")
        << action(QStringLiteral("queue_shuffle")) << 400 << invalid << "queue_add";
}

void TestEpisodeQueue::badInputIsRefused()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    setUpRoom();
    body.insert(QStringLiteral("room_id"), m_room.roomId);
    const auto r = m_http->function(QStringLiteral("sync-control"), body, m_room.hostToken);
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode(), code);
    const QString said =
        r.json.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    QVERIFY2(said.contains(message), qPrintable(said));
    QCOMPARE(entriesOf(queueAfterJoin(QStringLiteral("late"))).size(), 0);
}

void TestEpisodeQueue::queueIsBounded()
{
    // Two hundred adds in a row are more than one socket may send in a second.
    m_server->config().socketFramesPerSecond = 10000;
    setUpRoom();
    for (int i = 0; i < RoomQueue::kMaxEntries; ++i) {
        const QJsonObject reply = m_host->control(add(i + 1, QString(), kSecond));
        QVERIFY2(Member::ok(reply),
                 qPrintable(QString::number(i) + QLatin1Char(' ')
                            + response(reply).value(QLatin1String("reason")).toString()));
    }
    const QJsonObject full = m_host->control(add(999, QString(), kSecond));
    QVERIFY(!Member::ok(full));
    QCOMPARE(response(full).value(QLatin1String("code")).toString(), QStringLiteral("queue_full"));
    QCOMPARE(entriesOf(queueAfterJoin(QStringLiteral("late"))).size(), RoomQueue::kMaxEntries);
}

void TestEpisodeQueue::queueSurvivesARestart()
{
    setUpRoom();
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), kSecond))));
    QVERIFY(Member::ok(m_host->control(add(3, QStringLiteral("Three"), QString()))));
    QVERIFY(Member::ok(m_host->control(
        action(QStringLiteral("auto_advance"), {{QStringLiteral("enabled"), true}}))));
    m_ben.reset();
    m_host.reset();
    QVERIFY(m_server->restart());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    const QJsonObject queue = queueAfterJoin(QStringLiteral("after"));
    QCOMPARE(episodesOf(queue), (QList<qint64> {2, 3}));
    QCOMPARE(entriesOf(queue).at(0).toObject().value(QLatin1String("title")).toString(),
             QStringLiteral("Two"));
    QCOMPARE(entriesOf(queue).at(0).toObject().value(QLatin1String("video_url")).toString(),
             kSecond);
    QVERIFY(queue.value(QLatin1String("auto_advance")).toBool());
    // Ids stay the entries' own after the restart: a removal by id still finds its entry.
    Member host;
    host.room = m_room;
    QVERIFY(host.join(*m_server, m_room.hostToken));
    const QJsonObject removed = host.control(
        action(QStringLiteral("queue_remove"), {{QStringLiteral("entry_id"), idAt(queue, 0)}}));
    QVERIFY(Member::ok(removed));
    QCOMPARE(episodesOf(response(removed).value(QLatin1String("queue")).toObject()),
             QList<qint64> {3});
}

void TestEpisodeQueue::nextEpisodeMovesEveryone()
{
    setUpRoom();
    QVERIFY(m_host->report(QStringLiteral("ready"), 0, 100.0));
    QVERIFY(Member::ok(
        m_host->control(action(QStringLiteral("play"), {{QStringLiteral("current_time"), 30.0}}))));
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), kSecond))));
    QVERIFY(Member::ok(m_host->control(add(3, QStringLiteral("Three"), QString()))));
    const auto before = m_http->function(QStringLiteral("comments-get-by-episode"),
                                         {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                          {QStringLiteral("episode_number"), 2}});
    QVERIFY(before.data().value(QLatin1String("anchor")).isNull());

    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("queue_next")))));
    for (Member *m : {m_host.get(), m_ben.get()}) {
        const auto changed = m->next(QStringLiteral("episode_changed"), 2000);
        QVERIFY(changed);
        QCOMPARE(changed->value(QLatin1String("episode_number")).toInteger(), 2);
        QCOMPARE(changed->value(QLatin1String("video_url")).toString(), kSecond);
        QCOMPARE(changed->value(QLatin1String("title")).toString(), QStringLiteral("Two"));
        const QJsonObject state = changed->value(QLatin1String("state")).toObject();
        QCOMPARE(state.value(QLatin1String("playing")).toBool(true), false);
        QCOMPARE(state.value(QLatin1String("position")).toDouble(-1), 0.0);
        QCOMPARE(state.value(QLatin1String("duration")).toDouble(-1), 0.0);
        const auto queue = m->next(QStringLiteral("queue_changed"), 2000, [](const QJsonObject &p) {
            return entriesOf(p.value(QLatin1String("queue")).toObject()).size() == 1;
        });
        QVERIFY(queue);
    }
    // The room is on the new episode for anyone who comes later, with its comment thread.
    const auto join = m_http->function(QStringLiteral("rooms-join"),
                                       {{QStringLiteral("room_id"), m_room.roomId},
                                        {QStringLiteral("user_id"), QStringLiteral("late")},
                                        {QStringLiteral("username"), QStringLiteral("Late")}});
    const QJsonObject room = join.data().value(QLatin1String("room")).toObject();
    QCOMPARE(room.value(QLatin1String("episode_number")).toInteger(), 2);
    QCOMPARE(room.value(QLatin1String("video_url")).toString(), kSecond);
    QCOMPARE(episodesOf(join.data().value(QLatin1String("queue")).toObject()), QList<qint64> {3});
    const auto after = m_http->function(QStringLiteral("comments-get-by-episode"),
                                        {{QStringLiteral("anime_id"), QStringLiteral("aot")},
                                         {QStringLiteral("episode_number"), 2}});
    QVERIFY(after.data().value(QLatin1String("anchor")).isObject());
    // A comment now is the new episode's.
    const auto comment = m_http->function(QStringLiteral("comments-create"),
                                          {{QStringLiteral("room_id"), m_room.roomId},
                                           {QStringLiteral("anime_id"), QStringLiteral("aot")},
                                           {QStringLiteral("episode_number"), 2},
                                           {QStringLiteral("message"), QStringLiteral("ep2!")}},
                                          m_room.hostToken);
    QCOMPARE(comment.status, 200);

    // Next to an own-files entry: the room's URL becomes "".
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("queue_next")))));
    const auto own = m_ben->next(QStringLiteral("episode_changed"), 2000);
    QVERIFY(own);
    QCOMPARE(own->value(QLatin1String("episode_number")).toInteger(), 3);
    QCOMPARE(own->value(QLatin1String("video_url")).toString(QStringLiteral("x")), QString());
}

// An own-files room keeps the host's file for late joiners; it was the last episode's file.
void TestEpisodeQueue::nextForgetsTheLastEpisodesFile()
{
    QVERIFY(m_server->start());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    const auto created =
        m_http->function(QStringLiteral("rooms-create"),
                         {{QStringLiteral("title"), QStringLiteral("Room")},
                          {QStringLiteral("anime_id"), QStringLiteral("aot")},
                          {QStringLiteral("anime_title"), QStringLiteral("Attack on Titan")},
                          {QStringLiteral("episode_number"), 1},
                          {QStringLiteral("media"),
                           QJsonObject {{QStringLiteral("name"), QStringLiteral("aot-01.mkv")},
                                        {QStringLiteral("size"), 1000},
                                        {QStringLiteral("duration"), 1420.5}}},
                          {QStringLiteral("host_user_id"), QStringLiteral("host-1")},
                          {QStringLiteral("host_username"), QStringLiteral("Host")},
                          {QStringLiteral("is_public"), true}});
    QCOMPARE(created.status, 200);
    const QJsonObject row = created.data().value(QLatin1String("room")).toObject();
    QCOMPARE(row.value(QLatin1String("media_name")).toString(), QStringLiteral("aot-01.mkv"));
    m_room = {row.value(QLatin1String("room_id")).toString(), QString(),
              created.data().value(QLatin1String("member_token")).toString()};
    m_host = std::make_unique<Member>();
    m_host->room = m_room;
    QVERIFY(m_host->join(*m_server, m_room.hostToken));
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), QString()))));
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("queue_next")))));
    const auto roomFor = [this](const QString &user) {
        return m_http
            ->function(QStringLiteral("rooms-join"),
                       {{QStringLiteral("room_id"), m_room.roomId},
                        {QStringLiteral("user_id"), user},
                        {QStringLiteral("username"), user}})
            .data()
            .value(QLatin1String("room"))
            .toObject();
    };
    QJsonObject room = roomFor(QStringLiteral("late"));
    QCOMPARE(room.value(QLatin1String("episode_number")).toInteger(), 2);
    QVERIFY(room.value(QLatin1String("media_name")).isNull());
    QVERIFY(room.value(QLatin1String("media_duration")).isNull());
    // And in the store, not only in the server's memory.
    m_host.reset();
    QVERIFY(m_server->restart());
    m_http = std::make_unique<HttpClient>(m_server->httpBase());
    room = roomFor(QStringLiteral("later"));
    QCOMPARE(room.value(QLatin1String("episode_number")).toInteger(), 2);
    QVERIFY(room.value(QLatin1String("media_name")).isNull());
    QVERIFY(room.value(QLatin1String("media_size")).isNull());
}

void TestEpisodeQueue::playToTheEndWithAutoAdvance(int countdownMs)
{
    setUpRoom(countdownMs);
    // The host's player knows the episode is 1 s long.
    QVERIFY(m_host->report(QStringLiteral("ready"), 0, 1.0));
    QVERIFY(m_ben->next(QStringLiteral("state"), 2000));
    QVERIFY(Member::ok(m_host->control(add(2, QStringLiteral("Two"), kSecond))));
    QVERIFY(Member::ok(m_host->control(
        action(QStringLiteral("auto_advance"), {{QStringLiteral("enabled"), true}}))));
    const auto switched =
        m_ben->next(QStringLiteral("queue_changed"), 2000, [](const QJsonObject &p) {
            return p.value(QLatin1String("queue"))
                .toObject()
                .value(QLatin1String("auto_advance"))
                .toBool();
        });
    QVERIFY(switched);
    QVERIFY(Member::ok(
        m_host->control(action(QStringLiteral("play"), {{QStringLiteral("current_time"), 0.5}}))));
}

void TestEpisodeQueue::autoAdvanceFiresAtTheDeadline()
{
    playToTheEndWithAutoAdvance(600);
    if (QTest::currentTestFailed())
        return;
    const auto countdown = m_ben->next(QStringLiteral("advance_countdown"), 3000);
    QVERIFY(countdown);
    const qint64 deadline = countdown->value(QLatin1String("advance_at")).toInteger();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(deadline > now + 300 && deadline <= now + 600,
             qPrintable(QString::number(deadline - now)));
    QCOMPARE(countdown->value(QLatin1String("next"))
                 .toObject()
                 .value(QLatin1String("episode_number"))
                 .toInteger(),
             2);

    const auto changed = m_ben->next(QStringLiteral("episode_changed"), 3000);
    QVERIFY(changed);
    // Not before the deadline everyone was shown.
    QVERIFY(QDateTime::currentMSecsSinceEpoch() >= deadline);
    QCOMPARE(changed->value(QLatin1String("episode_number")).toInteger(), 2);
    QVERIFY(changed->value(QLatin1String("user_id")).isNull());
}

void TestEpisodeQueue::hostCancelsTheCountdown()
{
    playToTheEndWithAutoAdvance(1500);
    if (QTest::currentTestFailed())
        return;
    const auto countdown = m_ben->next(QStringLiteral("advance_countdown"), 3000);
    QVERIFY(countdown);
    QVERIFY(Member::ok(m_host->control(action(QStringLiteral("advance_cancel")))));
    const auto cancelled = m_ben->next(QStringLiteral("advance_countdown"), 2000);
    QVERIFY(cancelled);
    QVERIFY(cancelled->value(QLatin1String("advance_at")).isNull());
    QCOMPARE(cancelled->value(QLatin1String("reason")).toString(), QStringLiteral("cancelled"));
    // Past the deadline it would have had, the room is still on its episode.
    QVERIFY(!m_ben->next(QStringLiteral("episode_changed"), 2000));
    const auto join = m_http->function(QStringLiteral("rooms-join"),
                                       {{QStringLiteral("room_id"), m_room.roomId},
                                        {QStringLiteral("user_id"), QStringLiteral("late")},
                                        {QStringLiteral("username"), QStringLiteral("Late")}});
    QCOMPARE(join.data()
                 .value(QLatin1String("room"))
                 .toObject()
                 .value(QLatin1String("episode_number"))
                 .toInteger(),
             1);
    QCOMPARE(episodesOf(join.data().value(QLatin1String("queue")).toObject()), QList<qint64> {2});
    QVERIFY(join.data()
                .value(QLatin1String("queue"))
                .toObject()
                .value(QLatin1String("advance_at"))
                .isNull());
}

void TestEpisodeQueue::queueEventsCannotBeForged()
{
    setUpRoom();
    for (const QString &event : {QStringLiteral("queue_changed"), QStringLiteral("episode_changed"),
                                 QStringLiteral("advance_countdown")}) {
        const QJsonObject reply =
            m_ben->ws.request(m_room.topic(), QStringLiteral("broadcast"),
                              {{QStringLiteral("type"), QStringLiteral("broadcast")},
                               {QStringLiteral("event"), event},
                               {QStringLiteral("payload"), QJsonObject {}}});
        QCOMPARE(reply.value(QLatin1String("status")).toString(), QStringLiteral("error"));
        QCOMPARE(response(reply).value(QLatin1String("code")).toString(),
                 QStringLiteral("reserved_event"));
    }
}

QTEST_GUILESS_MAIN(TestEpisodeQueue)
#include "tst_episode_queue.moc"
