#include "client/PresenceTable.h"
#include "realtime/PresenceDiff.h"
#include "realtime/PresenceWindows.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium;
using namespace watchium::server;

namespace {

// One presence change as the hub sees it: a key, and the refs that join and leave ("" = none).
struct Change
{
    QString key;
    QString joined;
    QString left;
};

// "a +1 -0": key a, ref 1 joins, ref 0 leaves; "a +1" or "a -0" for one side.
Change parse(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(' '));
    Change change {parts.at(0), {}, {}};
    for (const QString &part : parts.mid(1)) {
        if (part.startsWith(QLatin1Char('+')))
            change.joined = part.mid(1);
        else
            change.left = part.mid(1);
    }
    return change;
}

// A meta's content tells which change made it, so a ref that comes back is told from its old
// self.
QJsonObject meta(const QString &ref, int madeBy)
{
    return {{QStringLiteral("phx_ref"), ref}, {QStringLiteral("made_by"), madeBy}};
}

QJsonObject stateOf(const PresenceTable &table, const QStringList &keys)
{
    QJsonObject state;
    for (const QString &key : keys) {
        QJsonArray metas;
        for (const QJsonObject &m : table.metas(key))
            metas.append(m);
        if (!metas.isEmpty())
            state.insert(key, QJsonObject {{QStringLiteral("metas"), metas}});
    }
    return state;
}

} // namespace

// A window's presence changes in one presence_diff leave a subscriber (our PresenceTable, which
// applies diffs as phoenix.js does) where the changes one frame each would have: from the state
// before the window, and from any state within it (a subscriber that joined mid-window).
class TestPresenceDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gatheredEqualsOneByOne_data();
    void gatheredEqualsOneByOne();
    void framesCarryEveryKey();
    void windowsEnd_data();
    void windowsEnd();
};

void TestPresenceDiff::gatheredEqualsOneByOne_data()
{
    QTest::addColumn<QStringList>("before"); // "key ref" per meta, in order
    QTest::addColumn<QStringList>("changes");

    QTest::newRow("one member reports thrice")
        << QStringList {"a 0"} << QStringList {"a +1 -0", "a +2 -1", "a +3 -2"};
    QTest::newRow("two members interleaved")
        << QStringList {"a 0", "b 0"} << QStringList {"a +a1 -0", "b +b1 -0", "a +a2 -a1"};
    QTest::newRow("joins and leaves within the window")
        << QStringList {} << QStringList {"a +1", "a -1"};
    QTest::newRow("leaves, then joins anew") << QStringList {"a 0"} << QStringList {"a -0", "a +1"};
    QTest::newRow("the same ref comes back (a node taken for gone)")
        << QStringList {"a 0"} << QStringList {"a -0", "a +0"};
    QTest::newRow("the same ref joins twice") << QStringList {} << QStringList {"a +1", "a +1"};
    QTest::newRow("the same ref joins, leaves, comes back")
        << QStringList {} << QStringList {"a +1", "a -1", "a +1"};
    QTest::newRow("two sockets on one key")
        << QStringList {"a s1", "a s2"} << QStringList {"a +t1 -s1", "a +t2 -s2", "a +u1 -t1"};
    QTest::newRow("a leave of a meta nobody holds") << QStringList {"b 0"} << QStringList {"a -9"};
    QTest::newRow("a newcomer updates while another leaves")
        << QStringList {"b 0"} << QStringList {"a +1", "a +2 -1", "b -0"};
    QTest::newRow("leaves twice") << QStringList {"a 0"} << QStringList {"a -0", "a -0"};
}

void TestPresenceDiff::gatheredEqualsOneByOne()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, changes);

    QStringList keys;
    QJsonObject initial;
    for (const QString &entry : before) {
        const QStringList parts = entry.split(QLatin1Char(' '));
        QJsonObject slot = initial.value(parts.at(0)).toObject();
        QJsonArray metas = slot.value(QLatin1String("metas")).toArray();
        metas.append(meta(parts.at(1), -1));
        initial.insert(parts.at(0), QJsonObject {{QStringLiteral("metas"), metas}});
        keys.append(parts.at(0));
    }

    // One by one, remembering the state a subscriber joining after each change would get.
    PresenceTable oneByOne;
    oneByOne.applyState(initial);
    PresenceDiff gathered;
    QList<QJsonObject> statesWithin;
    for (int i = 0; i < changes.size(); ++i) {
        const Change c = parse(changes.at(i));
        keys.append(c.key);
        const PresenceMeta joined =
            PresenceMeta::of(c.joined.isEmpty() ? QJsonObject() : meta(c.joined, i));
        const PresenceMeta left =
            PresenceMeta::of(c.left.isEmpty() ? QJsonObject() : meta(c.left, -2));
        PresenceDiff alone;
        alone.add(c.key, joined, left);
        QCOMPARE(alone.changes(), 1);
        QVERIFY(oneByOne.applyDiff(alone.message(QStringLiteral("t")).payload));
        gathered.add(c.key, joined, left);
        statesWithin.append(stateOf(oneByOne, keys));
    }
    QCOMPARE(gathered.changes(), changes.size());
    const QJsonObject expected = stateOf(oneByOne, keys);
    const QJsonObject diff = gathered.message(QStringLiteral("t")).payload;

    PresenceTable fromBefore;
    fromBefore.applyState(initial);
    QVERIFY(fromBefore.applyDiff(diff));
    QCOMPARE(stateOf(fromBefore, keys), expected);

    for (int i = 0; i < statesWithin.size(); ++i) {
        PresenceTable joinedLate;
        joinedLate.applyState(statesWithin.at(i));
        QVERIFY(joinedLate.applyDiff(diff));
        QVERIFY2(stateOf(joinedLate, keys) == expected,
                 qPrintable(QStringLiteral("subscriber joined after change %1").arg(i)));
    }
}

void TestPresenceDiff::framesCarryEveryKey()
{
    PresenceDiff diff;
    QVERIFY(diff.isEmpty());
    diff.add(QStringLiteral("a"), PresenceMeta::of(meta(QStringLiteral("1"), 0)), {});
    diff.add(QStringLiteral("b"), PresenceMeta::of(meta(QStringLiteral("2"), 1)),
             PresenceMeta::of(meta(QStringLiteral("0"), -1)));
    QVERIFY(!diff.isEmpty());
    const auto message = diff.message(QStringLiteral("realtime:room:x"));
    QCOMPARE(message.topic, QStringLiteral("realtime:room:x"));
    QCOMPARE(message.event, QStringLiteral("presence_diff"));
    const QJsonObject joins = message.payload.value(QLatin1String("joins")).toObject();
    const QJsonObject leaves = message.payload.value(QLatin1String("leaves")).toObject();
    QCOMPARE(joins.keys(), (QStringList {"a", "b"}));
    QCOMPARE(leaves.keys(), QStringList {"b"});
    QCOMPARE(leaves.value(QLatin1String("b"))
                 .toObject()
                 .value(QLatin1String("metas"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("phx_ref"))
                 .toString(),
             QStringLiteral("0"));
}

void TestPresenceDiff::windowsEnd_data()
{
    // "at topic change" per change, in time order; "at topic changes" per diff handed over.
    // Joins and leaves wait 100 ms, updates 1,000 ms.
    QTest::addColumn<QStringList>("changes");
    QTest::addColumn<QStringList>("diffs");

    QTest::newRow("a join ends after the join window")
        << QStringList {"0 t a +1"} << QStringList {"100 t 1"};
    QTest::newRow("a leave too") << QStringList {"0 t a -1"} << QStringList {"100 t 1"};
    QTest::newRow("an update waits the update window")
        << QStringList {"0 t a +1 -0"} << QStringList {"1000 t 1"};
    QTest::newRow("a room's updates share a frame")
        << QStringList {"0 t a +1 -0", "300 t b +1 -0", "900 t c +1 -0"}
        << QStringList {"1000 t 3"};
    QTest::newRow("a join brings an update window's end forward")
        << QStringList {"0 t a +1 -0", "500 t b +1"} << QStringList {"600 t 2"};
    QTest::newRow("a leave near the end of an update window leaves it")
        << QStringList {"0 t a +1 -0", "950 t b -0"} << QStringList {"1000 t 2"};
    QTest::newRow("an update rides with an open join window")
        << QStringList {"0 t a +1", "50 t b +1 -0"} << QStringList {"100 t 2"};
    QTest::newRow("each topic has its own window")
        << QStringList {"0 t a +1 -0", "10 u a +1", "20 u b +2 -1"}
        << QStringList {"110 u 2", "1000 t 1"};
    QTest::newRow("a window opened after one brought forward ends on its own")
        << QStringList {"0 t a +1 -0", "100 t b +1", "200 t c +1 -0"}
        << QStringList {"200 t 2", "1200 t 1"};
    QTest::newRow("a new window ending where a brought-forward one would have")
        << QStringList {"0 t a +1 -0", "100 t b +1", "900 t c +1"}
        << QStringList {"200 t 2", "1000 t 1"};
}

void TestPresenceDiff::windowsEnd()
{
    QFETCH(QStringList, changes);
    QFETCH(QStringList, diffs);

    PresenceWindows windows(100, 1000);
    QStringList handedOver;
    qsizetype next = 0;
    for (qint64 now = 0; now <= 3000; ++now) {
        // The timer fires when the next end it names comes (and finds nothing if that window
        // was brought forward): nothing is due before.
        if (windows.nextDue() >= 0 && windows.nextDue() <= now) {
            for (const auto &[topic, diff] : windows.takeDue(now))
                handedOver << QStringLiteral("%1 %2 %3").arg(now).arg(topic).arg(diff.changes());
        }
        for (; next < changes.size(); ++next) {
            const QStringList parts = changes.at(next).split(QLatin1Char(' '));
            if (parts.at(0).toLongLong() != now)
                break;
            const Change change = parse(parts.mid(2).join(QLatin1Char(' ')));
            windows.add(
                now, parts.at(1), change.key,
                PresenceMeta::of(change.joined.isEmpty() ? QJsonObject() : meta(change.joined, 0)),
                PresenceMeta::of(change.left.isEmpty() ? QJsonObject() : meta(change.left, 0)));
            QVERIFY(windows.nextDue() > now);
        }
    }
    QCOMPARE(handedOver, diffs);
    QVERIFY(windows.isEmpty());
}

QTEST_APPLESS_MAIN(TestPresenceDiff)
#include "tst_presence_diff.moc"
