#include "realtime/ChangeRoutes.h"

#include <QTest>

using namespace watchium::server;

namespace {

RealtimeConnection *fakeConnection(quintptr n)
{
    // Only compared as an identity, never dereferenced.
    return reinterpret_cast<RealtimeConnection *>(n * 16);
}

Channel channel(const QString &topic, const QList<QPair<QString, QString>> &bindings)
{
    Channel c;
    c.topic = topic;
    int id = 0;
    for (const auto &[table, filter] : bindings)
        c.bindings.append({++id, {}, QStringLiteral("*"), table, *ChangeFilter::parse(filter)});
    return c;
}

} // namespace

// The postgres_changes index finds exactly the channels a row may concern.
class TestChangeRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void candidates_data();
    void candidates();
    void removeForgets();
    void indexFindsEveryMatch_data();
    void indexFindsEveryMatch();
};

void TestChangeRoutes::candidates_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QJsonObject>("record");
    QTest::addColumn<QStringList>("expected"); // topics
    const QJsonObject roomA {{QStringLiteral("room_id"), QStringLiteral("aaaaaaaaaa")},
                             {QStringLiteral("episode_number"), 3}};
    QTest::newRow("room-a-rooms") << "rooms" << roomA
                                  << QStringList {QStringLiteral("t:a"), QStringLiteral("t:all")};
    QTest::newRow("room-a-comments")
        << "comments" << roomA << QStringList {QStringLiteral("t:a"), QStringLiteral("t:ep3")};
    QTest::newRow("room-b-rooms") << "rooms"
                                  << QJsonObject {{QStringLiteral("room_id"),
                                                   QStringLiteral("bbbbbbbbbb")}}
                                  << QStringList {QStringLiteral("t:b"), QStringLiteral("t:all")};
    QTest::newRow("other-table") << "sync_states" << roomA << QStringList {};
    QTest::newRow("no-room-id") << "rooms" << QJsonObject {}
                                << QStringList {QStringLiteral("t:all")};
}

void TestChangeRoutes::candidates()
{
    QFETCH(QString, table);
    QFETCH(QJsonObject, record);
    QFETCH(QStringList, expected);
    ChangeRoutes routes;
    // Two bindings of one channel match room A's comments: still one candidate.
    routes.add(fakeConnection(1),
               channel(QStringLiteral("t:a"),
                       {{QStringLiteral("rooms"), QStringLiteral("room_id=eq.aaaaaaaaaa")},
                        {QStringLiteral("comments"), QStringLiteral("room_id=eq.aaaaaaaaaa")},
                        {QStringLiteral("comments"), QStringLiteral("room_id=eq.aaaaaaaaaa")}}));
    routes.add(fakeConnection(2),
               channel(QStringLiteral("t:b"),
                       {{QStringLiteral("rooms"), QStringLiteral("room_id=eq.bbbbbbbbbb")}}));
    routes.add(fakeConnection(3),
               channel(QStringLiteral("t:all"), {{QStringLiteral("rooms"), QString()}}));
    // A numeric eq filter finds a record's number.
    routes.add(fakeConnection(4),
               channel(QStringLiteral("t:ep3"),
                       {{QStringLiteral("comments"), QStringLiteral("episode_number=eq.3")}}));
    QStringList topics;
    for (const auto &r : routes.candidates(table, record))
        topics << r.topic;
    topics.sort();
    expected.sort();
    QCOMPARE(topics, expected);
}

void TestChangeRoutes::removeForgets()
{
    ChangeRoutes routes;
    const Channel a = channel(QStringLiteral("t:a"),
                              {{QStringLiteral("rooms"), QStringLiteral("room_id=eq.aaaaaaaaaa")},
                               {QStringLiteral("rooms"), QString()}});
    routes.add(fakeConnection(1), a);
    routes.add(fakeConnection(2), a);
    routes.remove(fakeConnection(1), a);
    const QJsonObject record {{QStringLiteral("room_id"), QStringLiteral("aaaaaaaaaa")}};
    const auto left = routes.candidates(QStringLiteral("rooms"), record);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().connection, fakeConnection(2));
    routes.remove(fakeConnection(2), a);
    QVERIFY(routes.candidates(QStringLiteral("rooms"), record).isEmpty());
}

// Found by fuzz/fuzz_change_filter: rows an `eq` filter matches that the index missed, so
// they never reached the subscriber.
void TestChangeRoutes::indexFindsEveryMatch_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QJsonValue>("cell");
    QTest::newRow("number-spelled-as-text") << "title=eq.1.0" << QJsonValue(QStringLiteral("1.0"));
    QTest::newRow("exponent-as-text") << "title=eq.12.5e1" << QJsonValue(QStringLiteral("12.5e1"));
    QTest::newRow("minus-zero-filter") << "position=eq.-0" << QJsonValue(0);
    QTest::newRow("minus-zero-row") << "position=eq.0" << QJsonValue(-0.0);
    QTest::newRow("number") << "episode_number=eq.3e0" << QJsonValue(3);
    QTest::newRow("boolean") << "is_playing=eq.true" << QJsonValue(true);
    QTest::newRow("nan-as-text") << "title=eq.nan" << QJsonValue(QStringLiteral("nan"));
}

void TestChangeRoutes::indexFindsEveryMatch()
{
    QFETCH(QString, filter);
    QFETCH(QJsonValue, cell);
    const Channel c = channel(QStringLiteral("t:x"), {{QStringLiteral("rooms"), filter}});
    const QJsonObject record {{c.bindings.first().filter.column(), cell}};
    QVERIFY(c.bindings.first().filter.matches(record));
    ChangeRoutes routes;
    routes.add(fakeConnection(1), c);
    QCOMPARE(routes.candidates(QStringLiteral("rooms"), record).size(), 1);
}

QTEST_APPLESS_MAIN(TestChangeRoutes)
#include "tst_change_routes.moc"
