// The listener's connection caps as bookkeeping (pure: data rows).
#include "net/ConnectionCounts.h"

#include <QtTest>

using namespace watchium::server;
using Verdict = ConnectionCounts::Verdict;

Q_DECLARE_METATYPE(Verdict)

class TestConnectionCounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admits_data();
    void admits();
    void addressKeys_data();
    void addressKeys();
    void balancerConnectionsMoveToTheirClient_data();
    void balancerConnectionsMoveToTheirClient();
};

void TestConnectionCounts::admits_data()
{
    QTest::addColumn<int>("opened"); // connections from address A so far
    QTest::addColumn<int>("headsRead"); // of which completed their first head
    QTest::addColumn<int>("closed"); // of which closed again (heads read first)
    QTest::addColumn<int>("others"); // connections from address B
    QTest::addColumn<Verdict>("nextFromA");
    QTest::addColumn<Verdict>("nextFromC");
    // Limits: 10 in all, 4 per address, 2 pending per address.
    QTest::newRow("empty") << 0 << 0 << 0 << 0 << Verdict::Admit << Verdict::Admit;
    QTest::newRow("two-pending") << 2 << 0 << 0 << 0 << Verdict::PendingCap << Verdict::Admit;
    QTest::newRow("pending-read") << 2 << 1 << 0 << 0 << Verdict::Admit << Verdict::Admit;
    QTest::newRow("address-full") << 4 << 4 << 0 << 0 << Verdict::AddressCap << Verdict::Admit;
    QTest::newRow("address-freed") << 4 << 4 << 1 << 0 << Verdict::Admit << Verdict::Admit;
    QTest::newRow("all-full") << 4 << 4 << 0 << 6 << Verdict::TotalCap << Verdict::TotalCap;
    QTest::newRow("all-freed") << 4 << 4 << 1 << 6 << Verdict::Admit << Verdict::TotalCap;
}

void TestConnectionCounts::admits()
{
    QFETCH(int, opened);
    QFETCH(int, headsRead);
    QFETCH(int, closed);
    QFETCH(int, others);
    QFETCH(Verdict, nextFromA);
    QFETCH(Verdict, nextFromC);
    ConnectionCounts counts({10, 4, 2});
    for (int i = 0; i < opened; ++i) {
        QCOMPARE(counts.admit("A"), Verdict::Admit);
        if (i < headsRead)
            counts.headRead("A");
    }
    for (int i = 0; i < closed; ++i)
        counts.closed("A");
    // B's connections each read their head, so only the per-address and total caps apply.
    for (int i = 0; i < others; ++i) {
        for (const char *key : {"B1", "B2", "B3"}) {
            if (counts.open(key) < 4) {
                QCOMPARE(counts.admit(key), Verdict::Admit);
                counts.headRead(key);
                break;
            }
        }
    }
    QCOMPARE(counts.total(), opened - closed + others);
    QCOMPARE(counts.admit("A"), nextFromA);
    QCOMPARE(counts.admit("C"), nextFromC);
}

void TestConnectionCounts::addressKeys_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("same-v4") << "192.0.2.1"
                             << "192.0.2.1" << true;
    QTest::newRow("other-v4") << "192.0.2.1"
                              << "192.0.2.2" << false;
    QTest::newRow("mapped-v4") << "::ffff:192.0.2.1"
                               << "192.0.2.1" << true;
    QTest::newRow("same-v6-64") << "2001:db8:1:2::1"
                                << "2001:db8:1:2:ffff::9" << true;
    QTest::newRow("other-v6-64") << "2001:db8:1:2::1"
                                 << "2001:db8:1:3::1" << false;
    QTest::newRow("loopbacks") << "127.0.0.1"
                               << "127.0.0.2" << false;
}

void TestConnectionCounts::addressKeys()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(ConnectionCounts::addressKey(QHostAddress(a))
                 == ConnectionCounts::addressKey(QHostAddress(b)),
             same);
}

void TestConnectionCounts::balancerConnectionsMoveToTheirClient_data()
{
    QTest::addColumn<int>("fromClient"); // the client's connections already moved, heads read
    QTest::addColumn<int>("pendingOfClient"); // of those, still without a head
    QTest::addColumn<Verdict>("move");
    // Limits: 10 in all, 4 per address, 2 pending per address; the balancer "LB" is uncapped.
    QTest::newRow("first") << 0 << 0 << Verdict::Admit;
    QTest::newRow("room-left") << 3 << 1 << Verdict::Admit;
    QTest::newRow("client-full") << 4 << 0 << Verdict::AddressCap;
    QTest::newRow("client-pending-full") << 2 << 2 << Verdict::PendingCap;
}

void TestConnectionCounts::balancerConnectionsMoveToTheirClient()
{
    QFETCH(int, fromClient);
    QFETCH(int, pendingOfClient);
    QFETCH(Verdict, move);
    ConnectionCounts counts({10, 4, 2});
    for (int i = 0; i < fromClient; ++i) {
        QCOMPARE(counts.admit("LB", false), Verdict::Admit);
        QCOMPARE(counts.move("LB", "client"), Verdict::Admit);
        if (i >= pendingOfClient)
            counts.headRead("client");
    }
    // The balancer's own address is never capped: five more than the per-address cap.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(counts.admit("LB", false), Verdict::Admit);
    QCOMPARE(counts.move("LB", "client"), move);
    const bool moved = move == Verdict::Admit;
    QCOMPARE(counts.open("client"), fromClient + (moved ? 1 : 0));
    QCOMPARE(counts.open("LB"), moved ? 4 : 5);
    QCOMPARE(counts.pending("LB"), moved ? 4 : 5);
    QCOMPARE(counts.total(), fromClient + 5);
    // Closing under the key it ended with leaves nothing behind.
    counts.closed(moved ? "client" : "LB");
    QCOMPARE(counts.total(), fromClient + 4);
}

QTEST_APPLESS_MAIN(TestConnectionCounts)
#include "tst_connectioncounts.moc"
