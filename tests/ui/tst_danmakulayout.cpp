#include "DanmakuLayout.h"

#include <QTest>

using watchium::app::DanmakuLayout;

namespace {

// 800 pixels crossed in 8 s: a 100-pixel comment moves 112.5 px/s and clears its own length
// plus the 24-pixel gap in 124 / 112.5 = 1.1022 s.
DanmakuLayout::Settings settings(int lanes, double density = 1.0)
{
    DanmakuLayout::Settings s;
    s.screenWidth = 800;
    s.lanes = lanes;
    s.density = density;
    s.crossSeconds = 8;
    s.maxDelaySeconds = 2;
    s.gap = 24;
    return s;
}

constexpr double kClear100 = 124.0 / 112.5;

} // namespace

class TestDanmakuLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lanes_data();
    void lanes();
    void position_data();
    void position();
    void neverOverlapInALane();
    void shrinkingScreenRelaysOut();
};

void TestDanmakuLayout::lanes_data()
{
    QTest::addColumn<int>("lanes");
    QTest::addColumn<double>("density");
    QTest::addColumn<QList<double>>("starts");
    QTest::addColumn<QList<double>>("widths");
    // Per comment, in the order given: its lane (-1: dropped) and when it enters.
    QTest::addColumn<QList<int>>("expectedLanes");
    QTest::addColumn<QList<double>>("expectedStarts");

    QTest::newRow("together_take_two_lanes")
        << 3 << 1.0 << QList<double> {0, 0} << QList<double> {100, 100} << QList<int> {0, 1}
        << QList<double> {0, 0};
    QTest::newRow("later_reuses_the_first_lane")
        << 3 << 1.0 << QList<double> {0, 3} << QList<double> {100, 100} << QList<int> {0, 0}
        << QList<double> {0, 3};
    QTest::newRow("too_close_waits_for_the_gap")
        << 1 << 1.0 << QList<double> {0, 0.5} << QList<double> {100, 100} << QList<int> {0, 0}
        << QList<double> {0, kClear100};
    // 700 pixels move at 187.5 px/s: entering at 2 s it would catch the short one up before
    // that one leaves at 8 s, so it waits until 8 - 776 / 187.5 s.
    QTest::newRow("faster_behind_waits_not_to_catch_up")
        << 1 << 1.0 << QList<double> {0, 2} << QList<double> {100, 700} << QList<int> {0, 0}
        << QList<double> {0, 8 - 776 / 187.5};
    QTest::newRow("slower_behind_needs_only_the_gap")
        << 1 << 1.0 << QList<double> {0, 2} << QList<double> {700, 100} << QList<int> {0, 0}
        << QList<double> {0, 724 / 187.5};
    QTest::newRow("full_screen_drops_after_the_delay")
        << 1 << 1.0 << QList<double> {0, 0, 0} << QList<double> {100, 100, 100}
        << QList<int> {0, 0, -1} << QList<double> {0, kClear100, 0};
    QTest::newRow("half_density_uses_half_the_lanes")
        << 4 << 0.5 << QList<double> {0, 0, 0} << QList<double> {100, 100, 100}
        << QList<int> {0, 1, 0} << QList<double> {0, 0, kClear100};
    QTest::newRow("low_density_keeps_one_lane")
        << 2 << 0.1 << QList<double> {0, 0} << QList<double> {100, 100} << QList<int> {0, 0}
        << QList<double> {0, kClear100};
    QTest::newRow("laid_out_by_timestamp_not_arrival")
        << 1 << 1.0 << QList<double> {5, 0} << QList<double> {100, 100} << QList<int> {0, 0}
        << QList<double> {5, 0};
    QTest::newRow("no_lanes_drops_everything")
        << 0 << 1.0 << QList<double> {0} << QList<double> {100} << QList<int> {-1}
        << QList<double> {0};
}

void TestDanmakuLayout::lanes()
{
    QFETCH(int, lanes);
    QFETCH(double, density);
    QFETCH(QList<double>, starts);
    QFETCH(QList<double>, widths);
    QFETCH(QList<int>, expectedLanes);
    QFETCH(QList<double>, expectedStarts);

    DanmakuLayout layout;
    layout.setSettings(settings(lanes, density));
    QList<DanmakuLayout::Item> items;
    for (int i = 0; i < starts.size(); ++i)
        items.append({i + 1, starts[i], widths[i]});
    layout.setItems(items);

    for (int i = 0; i < starts.size(); ++i) {
        const qint64 id = i + 1;
        const auto it = std::find_if(layout.placed().cbegin(), layout.placed().cend(),
                                     [id](const DanmakuLayout::Placed &p) { return p.id == id; });
        if (expectedLanes[i] < 0) {
            QVERIFY2(it == layout.placed().cend(), qPrintable(QString::number(i)));
            QVERIFY(layout.dropped().contains(id));
            continue;
        }
        QVERIFY2(it != layout.placed().cend(), qPrintable(QString::number(i)));
        QCOMPARE(it->lane, expectedLanes[i]);
        QVERIFY2(qAbs(it->start - expectedStarts[i]) < 1e-6,
                 qPrintable(QStringLiteral("%1: %2").arg(i).arg(it->start)));
    }
}

void TestDanmakuLayout::position_data()
{
    QTest::addColumn<double>("videoSeconds");
    QTest::addColumn<bool>("shown");
    QTest::addColumn<double>("x");

    // One 100-pixel comment at 10 s.
    QTest::newRow("before_its_time") << 9.99 << false << 0.0;
    QTest::newRow("enters_at_the_right_edge") << 10.0 << true << 800.0;
    QTest::newRow("halfway") << 14.0 << true << 800 - 4 * 112.5;
    QTest::newRow("last_pixels") << 17.9 << true << 800 - 7.9 * 112.5;
    QTest::newRow("gone_at_the_left_edge") << 18.0 << false << 0.0;
    QTest::newRow("long_after") << 600.0 << false << 0.0;
}

void TestDanmakuLayout::position()
{
    QFETCH(double, videoSeconds);
    QFETCH(bool, shown);
    QFETCH(double, x);

    DanmakuLayout layout;
    layout.setSettings(settings(4));
    layout.setItems({{7, 10.0, 100.0}, {8, 300.0, 100.0}});
    // A function of the video time alone: asked in any order (a seek back, a pause) it agrees.
    for (double t : {videoSeconds, 300.0, 0.0, videoSeconds}) {
        const QList<DanmakuLayout::Shown> at = layout.shownAt(t);
        if (t != videoSeconds)
            continue;
        QCOMPARE(at.size(), shown ? 1 : 0);
        if (shown) {
            QCOMPARE(at.first().id, 7);
            QVERIFY2(qAbs(at.first().x - x) < 1e-6, qPrintable(QString::number(at.first().x)));
        }
    }
}

void TestDanmakuLayout::neverOverlapInALane()
{
    // A crowd of comments of assorted widths: wherever they are shown, two in a lane keep the
    // gap between them.
    DanmakuLayout layout;
    layout.setSettings(settings(3));
    QList<DanmakuLayout::Item> items;
    for (int i = 0; i < 60; ++i)
        items.append({i, (i * 37 % 100) / 10.0, 40.0 + (i * 53 % 500)});
    layout.setItems(items);
    QVERIFY(!layout.placed().isEmpty());
    QVERIFY(!layout.dropped().isEmpty()); // 60 in 10 s on 3 lanes is more than fits
    for (double t = 0; t < 25; t += 0.05) {
        const QList<DanmakuLayout::Shown> shown = layout.shownAt(t);
        for (const auto &a : shown) {
            for (const auto &b : shown) {
                if (a.id == b.id || a.lane != b.lane || a.x > b.x)
                    continue;
                const auto wa = std::find_if(layout.placed().cbegin(), layout.placed().cend(),
                                             [&](const auto &p) { return p.id == a.id; })
                                    ->width;
                QVERIFY2(a.x + wa + 24 <= b.x + 1e-6,
                         qPrintable(QStringLiteral("t=%1 %2 %3").arg(t).arg(a.id).arg(b.id)));
            }
        }
    }
}

void TestDanmakuLayout::shrinkingScreenRelaysOut()
{
    DanmakuLayout layout;
    layout.setSettings(settings(2));
    layout.setItems({{1, 0, 100}, {2, 0, 100}});
    QCOMPARE(layout.dropped().size(), 0);
    DanmakuLayout::Settings one = settings(1);
    one.maxDelaySeconds = 0.5;
    layout.setSettings(one);
    QCOMPARE(layout.placed().size(), 1);
    QCOMPARE(layout.dropped(), QList<qint64> {2});
}

QTEST_APPLESS_MAIN(TestDanmakuLayout)
#include "tst_danmakulayout.moc"
