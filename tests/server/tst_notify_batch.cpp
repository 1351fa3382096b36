#include "cluster/NotifyBatch.h"

#include <QJsonDocument>
#include <QTest>

using namespace watchium::server;

// How a node's envelopes share NOTIFY payloads (pure): in order, each payload within the limit
// unless one envelope alone is larger, every payload numbered, and read back as sent.
class TestNotifyBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pack_data();
    void pack();
    void spillReferenceReadsBack();
    void refused_data();
    void refused();
};

namespace {

const QString kNode = QStringLiteral("3f2b8c1e-0000-4000-8000-00000000abcd");

// An envelope of exactly `bytes` bytes, told apart by `index`.
QByteArray envelopeOf(int index, int bytes)
{
    const QByteArray head = "{\"i\":" + QByteArray::number(index) + ",\"x\":\"";
    const QByteArray tail = "\"}";
    return head + QByteArray(qMax(0, bytes - int(head.size() + tail.size())), 'a') + tail;
}

} // namespace

void TestNotifyBatch::pack_data()
{
    QTest::addColumn<QList<int>>("sizes"); // of the envelopes, in order
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QList<int>>("perPayload"); // envelopes in each payload
    QTest::addColumn<QList<bool>>("oversize"); // payloads over maxBytes (to spill)

    QTest::newRow("nothing") << QList<int> {} << 7900 << QList<int> {} << QList<bool> {};
    QTest::newRow("one") << QList<int> {40} << 7900 << QList<int> {1} << QList<bool> {false};
    QTest::newRow("a turn's worth in one")
        << QList<int>(50, 120) << 7900 << QList<int> {50} << QList<bool> {false};
    QTest::newRow("split where the next does not fit")
        << QList<int>(100, 120) << 7900 << QList<int> {64, 36} << QList<bool> {false, false};
    QTest::newRow("too large alone, in its place")
        << QList<int> {100, 9000, 100, 100} << 7900 << QList<int> {1, 1, 2}
        << QList<bool> {false, true, false};
    QTest::newRow("too large first and last")
        << QList<int> {8000, 50, 8000} << 7900 << QList<int> {1, 1, 1}
        << QList<bool> {true, false, true};
    // A payload's frame is 76 bytes with this node and the longest sequence number.
    QTest::newRow("the largest that shares no payload")
        << QList<int> {7900 - 76, 20} << 7900 << QList<int> {1, 1} << QList<bool> {false, false};
    QTest::newRow("one byte more: alone, and under the limit as sent")
        << QList<int> {20, 7900 - 75, 20} << 7900 << QList<int> {1, 1, 1}
        << QList<bool> {false, false, false};
}

void TestNotifyBatch::pack()
{
    QFETCH(QList<int>, sizes);
    QFETCH(int, maxBytes);
    QFETCH(QList<int>, perPayload);
    QFETCH(QList<bool>, oversize);

    QList<QByteArray> envelopes;
    for (int i = 0; i < sizes.size(); ++i)
        envelopes.append(envelopeOf(i, sizes.at(i)));
    qint64 sequence = 41;
    const QList<QByteArray> payloads = notify_batch::pack(kNode, &sequence, envelopes, maxBytes);
    QCOMPARE(payloads.size(), perPayload.size());
    QCOMPARE(sequence, 41 + payloads.size());

    int next = 0; // every envelope once, in order
    for (int p = 0; p < payloads.size(); ++p) {
        QCOMPARE(payloads.at(p).size() > maxBytes, oversize.at(p));
        const auto read = notify_batch::unpack(payloads.at(p));
        QVERIFY(read);
        QCOMPARE(read->node, kNode);
        QCOMPARE(read->sequence, 41 + p);
        QCOMPARE(read->spillRow, -1);
        QCOMPARE(read->envelopes.size(), perPayload.at(p));
        for (const QJsonObject &e : read->envelopes) {
            QCOMPARE(e.value(QLatin1String("i")).toInt(), next);
            QCOMPARE(e.value(QLatin1String("n")).toString(), kNode);
            QCOMPARE(QJsonDocument(QJsonObject {{QStringLiteral("i"), e.value(QLatin1String("i"))},
                                                {QStringLiteral("x"), e.value(QLatin1String("x"))}})
                         .toJson(QJsonDocument::Compact),
                     envelopes.at(next));
            ++next;
        }
    }
    QCOMPARE(next, envelopes.size());
}

void TestNotifyBatch::spillReferenceReadsBack()
{
    const auto read = notify_batch::unpack(notify_batch::spillReference(kNode, 7, 12345));
    QVERIFY(read);
    QCOMPARE(read->node, kNode);
    QCOMPARE(read->sequence, 7);
    QCOMPARE(read->spillRow, 12345);
    QVERIFY(read->to.isEmpty());
    QVERIFY(read->envelopes.isEmpty());
    // Whatever the address holds, the payload stays JSON every node can read.
    const QString to = QStringLiteral("node \"b\" \\ é");
    const auto addressed = notify_batch::unpack(notify_batch::spillReference(kNode, 8, 9, to));
    QVERIFY(addressed);
    QCOMPARE(addressed->spillRow, 9);
    QCOMPARE(addressed->to, to);
}

void TestNotifyBatch::refused_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("not JSON") << QByteArray("{\"n\":");
    QTest::newRow("an array") << QByteArray("[{\"n\":\"a\",\"s\":1,\"e\":[]}]");
    QTest::newRow("no node") << QByteArray("{\"s\":1,\"e\":[]}");
    QTest::newRow("empty node") << QByteArray("{\"n\":\"\",\"s\":1,\"e\":[]}");
    QTest::newRow("node not a string") << QByteArray("{\"n\":5,\"s\":1,\"e\":[]}");
    QTest::newRow("no sequence") << QByteArray("{\"n\":\"a\",\"e\":[]}");
    QTest::newRow("neither envelopes nor spill") << QByteArray("{\"n\":\"a\",\"s\":1}");
    QTest::newRow("envelopes not an array") << QByteArray("{\"n\":\"a\",\"s\":1,\"e\":{}}");
    QTest::newRow("an envelope not an object") << QByteArray("{\"n\":\"a\",\"s\":1,\"e\":[{},3]}");
    QTest::newRow("negative spill row") << QByteArray("{\"n\":\"a\",\"s\":1,\"spill\":-4}");
    QTest::newRow("spill addressed to a number")
        << QByteArray("{\"n\":\"a\",\"s\":1,\"spill\":4,\"to\":7}");
}

void TestNotifyBatch::refused()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!notify_batch::unpack(payload));
}

QTEST_GUILESS_MAIN(TestNotifyBatch)
#include "tst_notify_batch.moc"
