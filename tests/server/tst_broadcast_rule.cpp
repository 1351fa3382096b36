#include "rooms/BroadcastRule.h"
#include "rooms/ReactionRule.h"

#include <QTest>

using namespace watchium::server;
using Verdict = BroadcastRule::Verdict;

Q_DECLARE_METATYPE(Verdict)

// The one rule for a client's broadcast, used by the socket and by the HTTP endpoint alike.
class TestBroadcastRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judge_data();
    void judge();
    void controlRequest_data();
    void controlRequest();
    void reaction_data();
    void reaction();
};

void TestBroadcastRule::judge_data()
{
    QTest::addColumn<bool>("roomTopic");
    QTest::addColumn<bool>("fromMember");
    QTest::addColumn<QString>("event");
    QTest::addColumn<Verdict>("verdict");
    for (const char *event : {"member_joined", "member_left", "new_host", "new_comment", "state",
                              "video_changed", "group_wait"}) {
        QTest::addRow("member sends %s", event) << true << true << event << Verdict::Reserved;
        QTest::addRow("outsider sends %s", event) << true << false << event << Verdict::Reserved;
        // Outside rooms the names mean nothing to the server.
        QTest::addRow("%s on an open topic", event) << false << false << event << Verdict::Relay;
    }
    // The episode queue's.
    for (const char *event : {"queue_changed", "episode_changed", "advance_countdown"})
        QTest::addRow("member sends %s", event) << true << true << event << Verdict::Reserved;
    for (const char *event : {"play", "pause", "seek", "rate", "sync_control"}) {
        QTest::addRow("member sends %s", event) << true << true << event << Verdict::Control;
        // The control path answers "not a member" or "not the host" itself.
        QTest::addRow("outsider sends %s", event) << true << false << event << Verdict::Control;
        QTest::addRow("%s on an open topic", event) << false << false << event << Verdict::Relay;
    }
    QTest::newRow("member chat") << true << true << QStringLiteral("chat") << Verdict::Relay;
    QTest::newRow("outsider chat")
        << true << false << QStringLiteral("chat") << Verdict::MembersOnly;
    QTest::newRow("case matters") << true << false << QStringLiteral("New_Host")
                                  << Verdict::MembersOnly;
    QTest::newRow("open topic chat") << false << false << QStringLiteral("chat") << Verdict::Relay;
    QTest::newRow("member reacts")
        << true << true << QStringLiteral("reaction") << Verdict::Reaction;
    QTest::newRow("outsider reacts")
        << true << false << QStringLiteral("reaction") << Verdict::MembersOnly;
    QTest::newRow("reaction on an open topic")
        << false << false << QStringLiteral("reaction") << Verdict::Relay;
}

void TestBroadcastRule::judge()
{
    QFETCH(bool, roomTopic);
    QFETCH(bool, fromMember);
    QFETCH(QString, event);
    QFETCH(Verdict, verdict);
    QCOMPARE(BroadcastRule::judge(roomTopic, fromMember, event), verdict);
    if (verdict == Verdict::Reserved || verdict == Verdict::MembersOnly)
        QCOMPARE(BroadcastRule::refusal(verdict, event).status, 403);
}

void TestBroadcastRule::controlRequest_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QJsonObject>("request");
    const QJsonObject at {{QStringLiteral("current_time"), 12.5}};
    QTest::newRow("seek") << QStringLiteral("seek") << at
                          << QJsonObject {{QStringLiteral("current_time"), 12.5},
                                          {QStringLiteral("action"), QStringLiteral("seek")}};
    // The event names the action, whatever the payload claims.
    QTest::newRow("pause over a claimed play")
        << QStringLiteral("pause")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("play")}}
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("pause")}};
    QTest::newRow("sync_control keeps its action")
        << QStringLiteral("sync_control")
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("play")}}
        << QJsonObject {{QStringLiteral("action"), QStringLiteral("play")}};
}

void TestBroadcastRule::controlRequest()
{
    QFETCH(QString, event);
    QFETCH(QJsonObject, payload);
    QFETCH(QJsonObject, request);
    QCOMPARE(BroadcastRule::controlRequest(event, payload), request);
}

void TestBroadcastRule::reaction_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<bool>("allowed");
    const auto emoji = [](const QJsonValue &value) {
        return QJsonObject {{QStringLiteral("emoji"), value}};
    };
    QTest::newRow("thumbs_up") << emoji(QStringLiteral("\U0001F44D")) << true;
    QTest::newRow("fire") << emoji(QStringLiteral("\U0001F525")) << true;
    QTest::newRow("heart_as_keyboards_send_it") << emoji(QStringLiteral("\u2764\uFE0F")) << true;
    QTest::newRow("extras_within_the_bound")
        << QJsonObject {{QStringLiteral("emoji"), QStringLiteral("\U0001F602")},
                        {QStringLiteral("client"), QStringLiteral("x")}}
        << true;
    QTest::newRow("bare_heart_not_in_the_set") << emoji(QStringLiteral("\u2764")) << false;
    QTest::newRow("emoji_outside_the_set") << emoji(QStringLiteral("\U0001F4A9")) << false;
    QTest::newRow("two_emoji") << emoji(QStringLiteral("\U0001F44D\U0001F44D")) << false;
    QTest::newRow("text") << emoji(QStringLiteral("<b>hi</b>")) << false;
    QTest::newRow("number") << emoji(1) << false;
    QTest::newRow("missing") << QJsonObject {} << false;
    QTest::newRow("too_big")
        << QJsonObject {{QStringLiteral("emoji"), QStringLiteral("\U0001F44D")},
                        {QStringLiteral("pad"), QString(300, QLatin1Char('a'))}}
        << false;
}

void TestBroadcastRule::reaction()
{
    QFETCH(QJsonObject, payload);
    QFETCH(bool, allowed);
    const auto refusal = ReactionRule::check(payload);
    QCOMPARE(!refusal.has_value(), allowed);
    if (refusal) {
        QCOMPARE(refusal->status, 400);
        QCOMPARE(refusal->code, QStringLiteral("invalid_reaction"));
        QVERIFY(!refusal->message.isEmpty());
    }
    // What is relayed is built by the server: the emoji and the sender, nothing else.
    const QJsonObject relayed = ReactionRule::relayed(QStringLiteral("\U0001F44D"),
                                                      QStringLiteral("u1"), QStringLiteral("Ann"));
    QCOMPARE(relayed.keys(),
             (QStringList {QStringLiteral("emoji"), QStringLiteral("user_id"),
                           QStringLiteral("username")}));
}

QTEST_APPLESS_MAIN(TestBroadcastRule)
#include "tst_broadcast_rule.moc"
