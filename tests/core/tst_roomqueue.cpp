#include "domain/RoomQueue.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium;

namespace {

RoomQueue queueOf(const QList<qint64> &ids)
{
    RoomQueue q;
    for (qint64 id : ids)
        q.entries.append({id, id, QStringLiteral("Episode %1").arg(id), QString()});
    return q;
}

QList<qint64> idsOf(const RoomQueue &q)
{
    QList<qint64> ids;
    for (const QueueEntry &e : q.entries)
        ids.append(e.id);
    return ids;
}

} // namespace

// The queue's edits by entry id, and its JSON as the protocol carries it.
class TestRoomQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void move_data();
    void move();
    void remove_data();
    void remove();
    void nextIdGrows();
    void jsonRoundTrip();
    void jsonIsBounded();
};

void TestRoomQueue::move_data()
{
    QTest::addColumn<qint64>("id");
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<qint64>>("after");
    QTest::newRow("down") << qint64(1) << 2 << true << QList<qint64> {2, 3, 1};
    QTest::newRow("up") << qint64(3) << 0 << true << QList<qint64> {3, 1, 2};
    QTest::newRow("same_place") << qint64(2) << 1 << true << QList<qint64> {1, 2, 3};
    QTest::newRow("past_the_end_clamps") << qint64(1) << 99 << true << QList<qint64> {2, 3, 1};
    QTest::newRow("negative_clamps") << qint64(3) << -5 << true << QList<qint64> {3, 1, 2};
    QTest::newRow("unknown_id") << qint64(7) << 0 << false << QList<qint64> {1, 2, 3};
}

void TestRoomQueue::move()
{
    QFETCH(qint64, id);
    QFETCH(int, index);
    QFETCH(bool, ok);
    QFETCH(QList<qint64>, after);
    RoomQueue q = queueOf({1, 2, 3});
    QCOMPARE(q.move(id, index), ok);
    QCOMPARE(idsOf(q), after);
}

void TestRoomQueue::remove_data()
{
    QTest::addColumn<qint64>("id");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<qint64>>("after");
    QTest::newRow("first") << qint64(1) << true << QList<qint64> {2, 3};
    QTest::newRow("last") << qint64(3) << true << QList<qint64> {1, 2};
    QTest::newRow("unknown") << qint64(4) << false << QList<qint64> {1, 2, 3};
}

void TestRoomQueue::remove()
{
    QFETCH(qint64, id);
    QFETCH(bool, ok);
    QFETCH(QList<qint64>, after);
    RoomQueue q = queueOf({1, 2, 3});
    QCOMPARE(q.remove(id), ok);
    QCOMPARE(idsOf(q), after);
}

void TestRoomQueue::nextIdGrows()
{
    QCOMPARE(queueOf({}).nextId(0), 1);
    QCOMPARE(queueOf({4, 9, 2}).nextId(0), 10);
    QCOMPARE(queueOf({4, 9, 2}).nextId(50), 50);
}

void TestRoomQueue::jsonRoundTrip()
{
    RoomQueue q = queueOf({1, 2});
    q.entries[1].videoUrl = QStringLiteral("https://example.com/2.mp4");
    q.autoAdvance = true;
    q.advanceAtMs = 1234567;
    QCOMPARE(RoomQueue::fromJson(q.toJson()), q);
    QVERIFY(q.entries[0].isOwnFiles());
    QVERIFY(RoomQueue {}.toJson().value(QLatin1String("advance_at")).isNull());
}

void TestRoomQueue::jsonIsBounded()
{
    QJsonArray many;
    for (int i = 0; i < RoomQueue::kMaxEntries + 50; ++i)
        many.append(QueueEntry {i + 1, 1, QString(), QString()}.toJson());
    const RoomQueue q = RoomQueue::fromJson({{QStringLiteral("entries"), many}});
    QCOMPARE(q.entries.size(), RoomQueue::kMaxEntries);
}

QTEST_APPLESS_MAIN(TestRoomQueue)
#include "tst_roomqueue.moc"
