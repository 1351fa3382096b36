#include "SyncBadge.h"

#include <QTest>

using watchium::app::SyncBadge;

class TestSyncBadge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void levels_data();
    void levels();
};

void TestSyncBadge::levels_data()
{
    QTest::addColumn<double>("errorMs");
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << int(SyncBadge::Level::InSync) << "In sync (0 ms)";
    QTest::newRow("edge_in_sync") << 50.0 << int(SyncBadge::Level::InSync) << "In sync (+50 ms)";
    QTest::newRow("behind_in_sync") << -49.6 << int(SyncBadge::Level::InSync) << "In sync (-50 ms)";
    QTest::newRow("drifting") << 51.0 << int(SyncBadge::Level::Drifting) << "Drifting (+51 ms)";
    QTest::newRow("edge_drifting")
        << -500.0 << int(SyncBadge::Level::Drifting) << "Drifting (-500 ms)";
    QTest::newRow("out") << 501.0 << int(SyncBadge::Level::OutOfSync) << "Out of sync (+501 ms)";
    QTest::newRow("far_behind") << -12000.0 << int(SyncBadge::Level::OutOfSync)
                                << "Out of sync (-12000 ms)";
}

void TestSyncBadge::levels()
{
    QFETCH(double, errorMs);
    QFETCH(int, level);
    QFETCH(QString, text);
    QCOMPARE(int(SyncBadge::levelFor(errorMs)), level);
    QCOMPARE(SyncBadge::describe(errorMs), text);
}

QTEST_APPLESS_MAIN(TestSyncBadge)
#include "tst_syncbadge.moc"
