#include "client/PresenceTable.h"

#include <QJsonArray>
#include <QTest>

using namespace watchium;

namespace {

QJsonObject meta(const QString &ref, double time, const QString &prev = {})
{
    QJsonObject m {{QStringLiteral("phx_ref"), ref}, {QStringLiteral("current_time"), time}};
    if (!prev.isEmpty())
        m.insert(QStringLiteral("phx_ref_prev"), prev);
    return m;
}

QJsonObject entry(const QList<QJsonObject> &metas)
{
    QJsonArray array;
    for (const QJsonObject &m : metas)
        array.append(m);
    return {{QStringLiteral("metas"), array}};
}

QJsonObject diff(const QJsonObject &joins, const QJsonObject &leaves)
{
    return {{QStringLiteral("joins"), joins}, {QStringLiteral("leaves"), leaves}};
}

double timeOf(const PresenceTable &table, const QString &key)
{
    return table.members().value(key).value(QLatin1String("current_time")).toDouble();
}

} // namespace

class TestPresenceTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateReplacesEverything();
    void updateIsLeavePlusJoin();
    void leaveRemovesMember();
    void secondSocketOfSameMember();
    void diffsBeforeStateAreHeld();
    void resetWaitsForNextState();
};

void TestPresenceTable::stateReplacesEverything()
{
    PresenceTable table;
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})},
                      {QStringLiteral("b"), entry({meta(QStringLiteral("2"), 2)})}});
    QCOMPARE(table.members().keys(), (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
    table.applyState({{QStringLiteral("c"), entry({meta(QStringLiteral("3"), 3)})}});
    QCOMPARE(table.members().keys(), QStringList {QStringLiteral("c")});
    table.applyState({});
    QVERIFY(table.members().isEmpty());
}

void TestPresenceTable::updateIsLeavePlusJoin()
{
    PresenceTable table;
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}});
    // The server's shape for a re-track: the new meta joins, the old leaves.
    QVERIFY(table.applyDiff(
        diff({{QStringLiteral("a"), entry({meta(QStringLiteral("2"), 5, QStringLiteral("1"))})}},
             {{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}})));
    QCOMPARE(table.metas(QStringLiteral("a")).size(), 1);
    QCOMPARE(timeOf(table, QStringLiteral("a")), 5.0);
}

void TestPresenceTable::leaveRemovesMember()
{
    PresenceTable table;
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}});
    table.applyDiff(diff({}, {{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}}));
    QVERIFY(table.members().isEmpty());
    // A leave of someone unknown changes nothing.
    table.applyDiff(diff({}, {{QStringLiteral("z"), entry({meta(QStringLiteral("9"), 1)})}}));
    QVERIFY(table.members().isEmpty());
}

void TestPresenceTable::secondSocketOfSameMember()
{
    PresenceTable table;
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}});
    table.applyDiff(diff({{QStringLiteral("a"), entry({meta(QStringLiteral("2"), 2)})}}, {}));
    QCOMPARE(table.metas(QStringLiteral("a")).size(), 2);
    QCOMPARE(timeOf(table, QStringLiteral("a")), 2.0); // the newest meta speaks
    table.applyDiff(diff({}, {{QStringLiteral("a"), entry({meta(QStringLiteral("2"), 2)})}}));
    QCOMPARE(table.metas(QStringLiteral("a")).size(), 1);
    QCOMPARE(timeOf(table, QStringLiteral("a")), 1.0);
}

void TestPresenceTable::diffsBeforeStateAreHeld()
{
    PresenceTable table;
    QVERIFY(!table.synced());
    const QJsonObject early {{QStringLiteral("b"), entry({meta(QStringLiteral("5"), 5)})}};
    QVERIFY(!table.applyDiff(diff(early, {})));
    QVERIFY(table.members().isEmpty());
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}});
    QVERIFY(table.synced());
    QCOMPARE(table.members().keys(), (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
}

void TestPresenceTable::resetWaitsForNextState()
{
    PresenceTable table;
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}});
    table.reset();
    const QJsonObject oldSocket {{QStringLiteral("a"), entry({meta(QStringLiteral("1"), 1)})}};
    QVERIFY(!table.applyDiff(diff({}, oldSocket)));
    // Still showing the last known members until the new state arrives.
    QCOMPARE(table.members().size(), 1);
    // The held leave names the old socket's meta, so the new one stays.
    table.applyState({{QStringLiteral("a"), entry({meta(QStringLiteral("7"), 7)})}});
    QCOMPARE(timeOf(table, QStringLiteral("a")), 7.0);
}

QTEST_GUILESS_MAIN(TestPresenceTable)
#include "tst_presencetable.moc"
