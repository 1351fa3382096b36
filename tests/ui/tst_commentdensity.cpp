#include "CommentDensity.h"

#include <QTest>

using watchium::app::CommentDensity;

class TestCommentDensity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strip_data();
    void strip();
};

void TestCommentDensity::strip_data()
{
    QTest::addColumn<QList<double>>("timestamps");
    QTest::addColumn<double>("duration");
    QTest::addColumn<int>("buckets");
    QTest::addColumn<QList<double>>("expected");

    QTest::newRow("no_comments") << QList<double> {} << 100.0 << 4 << QList<double> {0, 0, 0, 0};
    QTest::newRow("one_cluster") << QList<double> {60, 61, 62, 10} << 100.0 << 4
                                 << QList<double> {1.0 / 3, 0, 1, 0};
    QTest::newRow("the_end_is_the_last_bucket")
        << QList<double> {100, 0} << 100.0 << 4 << QList<double> {1, 0, 0, 1};
    QTest::newRow("outside_the_video_left_out")
        << QList<double> {-1, 150, 30} << 100.0 << 2 << QList<double> {1, 0};
    QTest::newRow("not_a_number_left_out")
        << QList<double> {qQNaN(), 80} << 100.0 << 2 << QList<double> {0, 1};
    QTest::newRow("no_duration_yet") << QList<double> {5} << 0.0 << 4 << QList<double> {};
    QTest::newRow("no_buckets") << QList<double> {5} << 10.0 << 0 << QList<double> {};
}

void TestCommentDensity::strip()
{
    QFETCH(QList<double>, timestamps);
    QFETCH(double, duration);
    QFETCH(int, buckets);
    QFETCH(QList<double>, expected);
    const QList<double> strip = CommentDensity::strip(timestamps, duration, buckets);
    QCOMPARE(strip.size(), expected.size());
    for (int i = 0; i < strip.size(); ++i)
        QVERIFY2(qAbs(strip[i] - expected[i]) < 1e-9,
                 qPrintable(QStringLiteral("%1: %2").arg(i).arg(strip[i])));
}

QTEST_APPLESS_MAIN(TestCommentDensity)
#include "tst_commentdensity.moc"
