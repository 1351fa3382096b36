// The bus between nodes on the test's PostgreSQL, two ClusterBus instances on connections of
// their own: envelopes arrive in the order sent, many to a NOTIFY, an oversized one through a row
// in its place, and an envelope sent inside a transaction arrives only if it commits.
#include "cluster/ClusterBus.h"
#include "store/Database.h"
#include "store/Transaction.h"
#include "TestServer.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace watchium;
using namespace watchium::server;

namespace {

struct Node
{
    QTemporaryDir dir;
    Database db;
    std::unique_ptr<ClusterBus> bus;
    QList<int> received; // field "i" of each envelope, in arrival order

    bool start(const QString &url, QString *error)
    {
        if (!db.open(dir.path(), url, error))
            return false;
        bus = std::make_unique<ClusterBus>(&db);
        QObject::connect(
            bus.get(), &ClusterBus::envelopeReceived, bus.get(),
            [this](const QJsonObject &e) { received.append(e.value(QLatin1String("i")).toInt()); });
        return bus->start(error);
    }
};

QJsonObject numbered(int i, int padding = 60, const QString &to = {})
{
    QJsonObject envelope {{QStringLiteral("k"), QStringLiteral("test")},
                          {QStringLiteral("i"), i},
                          {QStringLiteral("x"), QString(padding, QLatin1Char('x'))}};
    if (!to.isEmpty())
        envelope.insert(QStringLiteral("to"), to);
    return envelope;
}

QList<int> range(int from, int to)
{
    QList<int> out;
    for (int i = from; i < to; ++i)
        out.append(i);
    return out;
}

} // namespace

class TestClusterBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aTurnsEnvelopesShareNotifiesInOrder();
    void oversizedEnvelopeTravelsInItsPlace();
    void aSpillForAnotherNodeIsNotRead();
    void transactionDecidesDelivery();

private:
    std::unique_ptr<Node> m_a;
    std::unique_ptr<Node> m_b;
};

void TestClusterBus::init()
{
    const QString url = test::TestServer::freshDatabaseUrl();
    if (url.isEmpty())
        QSKIP("needs the PostgreSQL fixture (label postgres)");
    m_a = std::make_unique<Node>();
    m_b = std::make_unique<Node>();
    QString error;
    QVERIFY2(m_a->start(url, &error), qPrintable(error));
    QVERIFY2(m_b->start(url, &error), qPrintable(error));
}

void TestClusterBus::cleanup()
{
    m_a.reset();
    m_b.reset();
}

void TestClusterBus::aTurnsEnvelopesShareNotifiesInOrder()
{
    const qint64 notifiesBefore = m_a->bus->notifies();
    for (int i = 0; i < 300; ++i)
        m_a->bus->publish(numbered(i));
    QTRY_COMPARE_WITH_TIMEOUT(m_b->received.size(), 300, 10'000);
    QCOMPARE(m_b->received, range(0, 300));
    // ~100 bytes each: 300 of them need a handful of payloads, not 300 round trips.
    const qint64 notifies = m_a->bus->notifies() - notifiesBefore;
    QVERIFY2(notifies >= 3 && notifies <= 6, qPrintable(QString::number(notifies)));
    QVERIFY(m_a->received.isEmpty()); // a node does not hear itself
}

void TestClusterBus::oversizedEnvelopeTravelsInItsPlace()
{
    m_a->bus->publish(numbered(1));
    m_a->bus->publish(numbered(2, 20'000));
    m_a->bus->publish(numbered(3));
    QTRY_COMPARE_WITH_TIMEOUT(m_b->received.size(), 3, 10'000);
    QCOMPARE(m_b->received, (QList<int> {1, 2, 3}));
    QCOMPARE(m_a->bus->spilled(), 1);
}

// A large envelope for one node (a snapshot for a node that came) costs the others no read.
void TestClusterBus::aSpillForAnotherNodeIsNotRead()
{
    m_a->bus->publish(numbered(1, 20'000, QStringLiteral("a-third-node")));
    m_a->bus->publish(numbered(2, 20'000, m_b->bus->nodeId()));
    m_a->bus->publish(numbered(3));
    QTRY_COMPARE_WITH_TIMEOUT(m_b->received.size(), 2, 10'000);
    QCOMPARE(m_b->received, (QList<int> {2, 3}));
    QCOMPARE(m_a->bus->spilled(), 2);
    QCOMPARE(m_b->bus->spillsPassed(), 1);
}

void TestClusterBus::transactionDecidesDelivery()
{
    // Sent outside a transaction, then one begins: the first goes before it, not with it.
    m_a->bus->publish(numbered(1));
    {
        Transaction work(&m_a->db);
        QVERIFY(work.isOpen());
        m_a->bus->publish(numbered(2));
        work.rollback();
    }
    {
        Transaction work(&m_a->db);
        QVERIFY(work.isOpen());
        m_a->bus->publish(numbered(3));
        m_a->bus->publish(numbered(4));
        QVERIFY(work.commit());
    }
    m_a->bus->publish(numbered(5));
    QTRY_COMPARE_WITH_TIMEOUT(m_b->received.size(), 4, 10'000);
    QCOMPARE(m_b->received, (QList<int> {1, 3, 4, 5}));
    // Nothing of the rolled-back one arrives later either: a marker after it is the last.
    m_a->bus->publish(numbered(6));
    QTRY_COMPARE_WITH_TIMEOUT(m_b->received.size(), 5, 10'000);
    QCOMPARE(m_b->received.last(), 6);
}

QTEST_GUILESS_MAIN(TestClusterBus)
#include "tst_cluster_bus.moc"
