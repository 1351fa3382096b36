#include "cluster/Envelope.h"
#include "realtime/RemotePresence.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium::server;
namespace env = watchium::server::envelope;

// What nodes of a cluster tell each other (pure): every kind reads back as built, and an
// envelope missing what its kind needs is refused. RemotePresence keeps other nodes' presence.
class TestClusterEnvelope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void refused_data();
    void refused();
    void remotePresenceFollowsDiffs();
    void remotePresenceSnapshotAndDeath();
};

namespace {

QJsonObject sent(QJsonObject envelope)
{
    envelope.insert(QStringLiteral("n"), QStringLiteral("node-a"));
    return envelope;
}

TableRow row(const QString &roomId)
{
    return {{{QStringLiteral("room_id"), roomId}, {QStringLiteral("title"), QStringLiteral("T")}},
            {QJsonObject {{QStringLiteral("name"), QStringLiteral("room_id")},
                          {QStringLiteral("type"), QStringLiteral("text")}}}};
}

} // namespace

void TestClusterEnvelope::roundTrip_data()
{
    QTest::addColumn<QJsonObject>("envelope");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("roomId");
    QTest::addColumn<QString>("detail"); // event, table, topic or user, by kind

    QTest::newRow("room broadcast") << env::roomBroadcast(
        QStringLiteral("r1"), QStringLiteral("play"), {{QStringLiteral("seq"), 3}})
                                    << int(env::Kind::RoomBroadcast) << "r1"
                                    << "play";
    QTest::newRow("table change") << env::tableChange(
        QStringLiteral("rooms"), RoomEvents::ChangeType::Update, row("r1"), row("r1"))
                                  << int(env::Kind::TableChange) << ""
                                  << "rooms";
    QTest::newRow("delete carries the old row") << env::tableChange(
        QStringLiteral("room_members"), RoomEvents::ChangeType::Delete, {}, row("r2"))
                                                << int(env::Kind::TableChange) << ""
                                                << "room_members";
    QTest::newRow("room closed") << env::roomClosed(QStringLiteral("r1"))
                                 << int(env::Kind::RoomClosed) << "r1"
                                 << "";
    QTest::newRow("member removed")
        << env::memberRemoved(QStringLiteral("r1"), QStringLiteral("u1"))
        << int(env::Kind::MemberRemoved) << "r1"
        << "u1";
    QTest::newRow("member online")
        << env::memberOnline(QStringLiteral("r1"), QStringLiteral("u1"), true)
        << int(env::Kind::MemberOnline) << "r1"
        << "u1";
    watchium::protocol::Message m;
    m.topic = QStringLiteral("realtime:room:r1");
    m.event = QStringLiteral("broadcast");
    m.payload = {{QStringLiteral("event"), QStringLiteral("cheer")}};
    QTest::newRow("member message") << env::message(m) << int(env::Kind::Message) << ""
                                    << "realtime:room:r1";
    QTest::newRow("binary") << env::binary(QStringLiteral("realtime:room:r1"),
                                           QStringLiteral("raw"), QByteArray("\x00\xff", 2))
                            << int(env::Kind::Binary) << ""
                            << "realtime:room:r1";
    QTest::newRow("presence") << env::presence(
        {env::presenceDiff(QStringLiteral("realtime:room:r1"), QStringLiteral("u1"),
                           {{QStringLiteral("phx_ref"), QStringLiteral("p1")}}, {})})
                              << int(env::Kind::Presence) << ""
                              << "realtime:room:r1";
    QTest::newRow("hello") << env::hello() << int(env::Kind::Hello) << ""
                           << "";
    // After lost envelopes: the others say hello back.
    QTest::newRow("hello-again") << env::hello(true) << int(env::Kind::Hello) << ""
                                 << "again";
    // The hello back, to that node alone.
    QTest::newRow("hello-back") << env::hello(false, QStringLiteral("node-b"))
                                << int(env::Kind::Hello) << ""
                                << "node-b";
    QTest::newRow("snapshot") << env::snapshot(
        QStringLiteral("node-b"), {}, {{QStringLiteral("r1"), QJsonArray {QStringLiteral("u1")}}})
                              << int(env::Kind::Snapshot) << ""
                              << "node-b";
}

void TestClusterEnvelope::roundTrip()
{
    QFETCH(QJsonObject, envelope);
    QFETCH(int, kind);
    QFETCH(QString, roomId);
    QFETCH(QString, detail);
    const auto d = env::decode(sent(envelope));
    QVERIFY(d);
    QCOMPARE(int(d->kind), kind);
    QCOMPARE(d->node, QStringLiteral("node-a"));
    QCOMPARE(d->roomId, roomId);
    switch (d->kind) {
    case env::Kind::RoomBroadcast:
        QCOMPARE(d->event, detail);
        QCOMPARE(d->payload.value(QLatin1String("seq")).toInt(), 3);
        break;
    case env::Kind::TableChange: {
        QCOMPARE(d->table, detail);
        const TableRow &carried =
            d->changeType == RoomEvents::ChangeType::Delete ? d->oldRow : d->row;
        QVERIFY(!carried.record.value(QLatin1String("room_id")).toString().isEmpty());
        QCOMPARE(carried.columns.size(), 1);
        break;
    }
    case env::Kind::MemberRemoved:
    case env::Kind::MemberOnline:
        QCOMPARE(d->userId, detail);
        QVERIFY(d->kind != env::Kind::MemberOnline || d->online);
        break;
    case env::Kind::Message:
        QCOMPARE(d->message.topic, detail);
        QCOMPARE(d->message.payload.value(QLatin1String("event")).toString(),
                 QStringLiteral("cheer"));
        break;
    case env::Kind::Binary:
        QCOMPARE(d->message.topic, detail);
        QCOMPARE(d->message.binaryPayload, QByteArray("\x00\xff", 2));
        break;
    case env::Kind::Presence:
        QCOMPARE(d->diffs.size(), 1);
        QCOMPARE(d->diffs.first().topic, detail);
        QCOMPARE(d->diffs.first().key, QStringLiteral("u1"));
        break;
    case env::Kind::Snapshot:
        QCOMPARE(d->to, detail);
        QCOMPARE(d->onlineMembers.value(QLatin1String("r1")).toArray().size(), 1);
        break;
    case env::Kind::Hello:
        QCOMPARE(d->online, detail == QLatin1String("again"));
        QCOMPARE(d->to, detail == QLatin1String("again") ? QString() : detail);
        break;
    case env::Kind::RoomClosed:
        break;
    }
}

void TestClusterEnvelope::refused_data()
{
    QTest::addColumn<QJsonObject>("envelope");
    const QJsonObject broadcast =
        sent(env::roomBroadcast(QStringLiteral("r1"), QStringLiteral("play"), {}));
    QJsonObject noNode = broadcast;
    noNode.remove(QStringLiteral("n"));
    QTest::newRow("no sender") << noNode;
    QJsonObject unknown = broadcast;
    unknown.insert(QStringLiteral("k"), QStringLiteral("zz"));
    QTest::newRow("unknown kind") << unknown;
    QJsonObject noRoom = broadcast;
    noRoom.remove(QStringLiteral("r"));
    QTest::newRow("broadcast without room") << noRoom;
    QTest::newRow("change without row")
        << sent(env::tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Insert, {}, {}));
    QJsonObject badType = sent(
        env::tableChange(QStringLiteral("rooms"), RoomEvents::ChangeType::Insert, row("r"), {}));
    badType.insert(QStringLiteral("ty"), QStringLiteral("X"));
    QTest::newRow("change of unknown type") << badType;
    QJsonObject onlineNoFlag =
        sent(env::memberOnline(QStringLiteral("r"), QStringLiteral("u"), true));
    onlineNoFlag.remove(QStringLiteral("on"));
    QTest::newRow("online without flag") << onlineNoFlag;
    watchium::protocol::Message m;
    m.topic = QStringLiteral("room:r1");
    m.event = QStringLiteral("broadcast");
    QTest::newRow("message off the realtime topics") << sent(env::message(m));
    QJsonObject badBytes =
        sent(env::binary(QStringLiteral("realtime:x"), QStringLiteral("e"), QByteArray("a")));
    badBytes.insert(QStringLiteral("d"), QStringLiteral("not base64!"));
    QTest::newRow("binary that is not base64") << badBytes;
    QTest::newRow("empty presence") << sent(env::presence({}));
    QTest::newRow("presence diff without key") << sent(env::presence({env::presenceDiff(
        QStringLiteral("realtime:x"), QString(), {{QStringLiteral("phx_ref"), 1}}, {})}));
    QTest::newRow("snapshot for nobody") << sent(env::snapshot(QString(), {}, {}));
}

void TestClusterEnvelope::refused()
{
    QFETCH(QJsonObject, envelope);
    QVERIFY(!env::decode(envelope));
}

void TestClusterEnvelope::remotePresenceFollowsDiffs()
{
    RemotePresence presence;
    const QString topic = QStringLiteral("realtime:room:r1");
    const QJsonObject first {{QStringLiteral("phx_ref"), QStringLiteral("a-1")},
                             {QStringLiteral("current_time"), 1}};
    QJsonObject second {{QStringLiteral("phx_ref"), QStringLiteral("a-2")},
                        {QStringLiteral("phx_ref_prev"), QStringLiteral("a-1")},
                        {QStringLiteral("current_time"), 4}};
    presence.apply(QStringLiteral("A"), topic, QStringLiteral("u1"), first, {});
    // The same diff twice (a snapshot raced it) lists the meta once.
    presence.apply(QStringLiteral("A"), topic, QStringLiteral("u1"), first, {});
    QCOMPARE(presence.metaCount(), 1);
    presence.apply(QStringLiteral("A"), topic, QStringLiteral("u1"), second, first);
    QHash<QString, QJsonArray> metas;
    presence.addTo(topic, metas);
    QCOMPARE(metas.value(QStringLiteral("u1")).size(), 1);
    QCOMPARE(
        metas.value(QStringLiteral("u1")).at(0).toObject().value(QLatin1String("current_time")),
        QJsonValue(4));
    // The same key on another node: both sockets listed, as Phoenix lists a user's two tabs.
    presence.apply(QStringLiteral("B"), topic, QStringLiteral("u1"),
                   {{QStringLiteral("phx_ref"), QStringLiteral("b-1")}}, {});
    metas.clear();
    presence.addTo(topic, metas);
    QCOMPARE(metas.value(QStringLiteral("u1")).size(), 2);
    presence.apply(QStringLiteral("A"), topic, QStringLiteral("u1"), {}, second);
    QCOMPARE(presence.metaCount(), 1);
    metas.clear();
    presence.addTo(QStringLiteral("realtime:room:other"), metas);
    QVERIFY(metas.isEmpty());
}

void TestClusterEnvelope::remotePresenceSnapshotAndDeath()
{
    RemotePresence presence;
    const QJsonObject snapshot {
        {QStringLiteral("realtime:room:r1"),
         QJsonObject {
             {QStringLiteral("u1"),
              QJsonArray {QJsonObject {{QStringLiteral("phx_ref"), QStringLiteral("1")}}}},
             {QStringLiteral("u2"),
              QJsonArray {QJsonObject {{QStringLiteral("phx_ref"), QStringLiteral("2")}}}}}},
        {QStringLiteral("realtime:room:r2"),
         QJsonObject {
             {QStringLiteral("u3"),
              QJsonArray {QJsonObject {{QStringLiteral("phx_ref"), QStringLiteral("3")}}}}}}};
    presence.apply(QStringLiteral("A"), QStringLiteral("realtime:room:old"), QStringLiteral("u9"),
                   {{QStringLiteral("phx_ref"), QStringLiteral("9")}}, {});
    presence.apply(QStringLiteral("A"), QStringLiteral("realtime:room:r1"), QStringLiteral("u1"),
                   {{QStringLiteral("phx_ref"), QStringLiteral("1")}}, {});
    const auto changes = presence.replace(QStringLiteral("A"), snapshot);
    QCOMPARE(presence.metaCount(), 3);
    // What the snapshot corrects: u9's meta went (its leave was lost), u2 and u3 came; u1 was
    // held already and is no news.
    QCOMPARE(changes.left.size(), 1);
    QCOMPARE(changes.left.at(0).key, QStringLiteral("u9"));
    QStringList joined;
    for (const auto &entry : changes.joined)
        joined.append(entry.topic + QLatin1Char('/') + entry.key);
    joined.sort();
    QCOMPARE(joined,
             (QStringList {QStringLiteral("realtime:room:r1/u2"),
                           QStringLiteral("realtime:room:r2/u3")}));
    // The same snapshot again changes nothing.
    const auto again = presence.replace(QStringLiteral("A"), snapshot);
    QVERIFY(again.left.isEmpty() && again.joined.isEmpty());
    presence.apply(QStringLiteral("B"), QStringLiteral("realtime:room:r1"), QStringLiteral("u4"),
                   {{QStringLiteral("phx_ref"), QStringLiteral("4")}}, {});
    const auto gone = presence.dropNode(QStringLiteral("A"));
    QCOMPARE(gone.size(), 3);
    QCOMPARE(presence.metaCount(), 1);
    QVERIFY(presence.dropNode(QStringLiteral("A")).isEmpty());
}

QTEST_MAIN(TestClusterEnvelope)
#include "tst_cluster_envelope.moc"
