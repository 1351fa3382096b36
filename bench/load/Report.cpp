#include "Report.h"

#include "Rounding.h"

#include <QFile>
#include <QJsonArray>
#include <QThread>

#include <cmath>

namespace watchium::bench {

namespace {

double perSecond(qint64 count, double seconds)
{
    return seconds > 0 ? std::round(double(count) / seconds) : 0.0;
}

// Per control: when did the last member of its room get it, and did all.
QJsonObject spreadSummary(const ShardStats &s)
{
    Histogram last;
    qint64 complete = 0;
    qint64 controls = 0;
    for (const ShardStats::Spread &spread : s.spread) {
        if (spread.expected <= 0)
            continue;
        ++controls;
        if (spread.received >= spread.expected) {
            ++complete;
            last.record(spread.lastUs);
        }
    }
    QJsonObject summary = last.summaryMs();
    summary.remove(QStringLiteral("count"));
    summary.insert(QStringLiteral("controls"), controls);
    summary.insert(QStringLiteral("reached_every_member"), complete);
    return summary;
}

} // namespace

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2)
                                       : QString();
}

QJsonObject buildReport(const ReportInputs &in)
{
    const ShardStats &s = in.stats;
    const double window = s.windowS;
    Histogram all = s.control;
    all.merge(s.comment);
    all.merge(s.presence);

    QJsonObject report;
    report.insert(QStringLiteral("scenario"), in.options->scenario);
    report.insert(QStringLiteral("params"), in.options->toJson());
    if (!in.fatal.isEmpty())
        report.insert(QStringLiteral("fatal"), in.fatal);
    report.insert(QStringLiteral("connections"),
                  QJsonObject {{QStringLiteral("target"), s.target},
                               {QStringLiteral("joined"), s.joined},
                               {QStringLiteral("held"), s.held}});
    report.insert(
        QStringLiteral("latency_ms"),
        QJsonObject {{QStringLiteral("control"), s.control.summaryMs()},
                     {QStringLiteral("control_cross_node"), s.controlCrossNode.summaryMs()},
                     {QStringLiteral("comment"), s.comment.summaryMs()},
                     {QStringLiteral("presence"), s.presence.summaryMs()},
                     {QStringLiteral("all"), all.summaryMs()}});
    report.insert(QStringLiteral("control_spread_ms"), spreadSummary(s));
    report.insert(
        QStringLiteral("throughput"),
        QJsonObject {
            {QStringLiteral("window_s"), std::round(window * 100) / 100},
            {QStringLiteral("frames_received"), s.framesReceived},
            {QStringLiteral("frames_received_per_s"), perSecond(s.framesReceived, window)},
            {QStringLiteral("frames_sent"), s.framesSent},
            {QStringLiteral("frames_sent_per_s"), perSecond(s.framesSent, window)},
            {QStringLiteral("controls_sent"), s.controlsSent},
            {QStringLiteral("controls_expected"), s.controlsExpected},
            {QStringLiteral("controls_delivered"), s.controlsDelivered},
            {QStringLiteral("controls_delivered_per_s"), perSecond(s.controlsDelivered, window)},
            {QStringLiteral("comments_sent"), s.commentsSent},
            {QStringLiteral("comments_expected"), s.commentsExpected},
            {QStringLiteral("comments_delivered"), s.commentsDelivered},
            {QStringLiteral("presence_sent"), s.presenceSent},
            {QStringLiteral("presence_delivered"), s.presenceDelivered},
            {QStringLiteral("changes_delivered"), s.changesDelivered}});
    report.insert(QStringLiteral("server"), in.server);
    report.insert(
        QStringLiteral("errors"),
        QJsonObject {{QStringLiteral("total"), s.errors()},
                     {QStringLiteral("connect_failed"), s.connectFailed},
                     {QStringLiteral("join_failed"), s.joinFailed},
                     {QStringLiteral("error_replies"), s.errorReplies},
                     {QStringLiteral("unexpected_closes"), s.unexpectedCloses},
                     {QStringLiteral("samples"), QJsonArray::fromStringList(s.errorSamples)}});
    QJsonObject lag = s.lag.summaryMs();
    lag.remove(QStringLiteral("count"));
    report.insert(QStringLiteral("generator"),
                  QJsonObject {{QStringLiteral("shards"), in.options->shards},
                               {QStringLiteral("loop_lag_ms"), lag},
                               {QStringLiteral("cpu_pct"),
                                window > 0 ? round1(100.0 * s.cpuS / window) : 0.0},
                               {QStringLiteral("rss_mib"), round1(s.rssMib)}});
    report.insert(QStringLiteral("timing_s"),
                  QJsonObject {{QStringLiteral("http_setup"), round1(in.setupS)},
                               {QStringLiteral("connect"), round1(in.connectS)},
                               {QStringLiteral("connect_timed_out"), in.connectTimedOut}});
    report.insert(QStringLiteral("machine"),
                  QJsonObject {{QStringLiteral("nproc"), QThread::idealThreadCount()},
                               {QStringLiteral("loadavg_before"), in.loadBefore},
                               {QStringLiteral("loadavg_after"), in.loadAfter}});
    return report;
}

QStringList checkReport(const QJsonObject &report)
{
    QStringList problems;
    if (report.contains(QLatin1String("fatal")))
        problems << report.value(QLatin1String("fatal")).toString();
    const QJsonObject c = report.value(QLatin1String("connections")).toObject();
    if (c.value(QLatin1String("target")).toInteger() <= 0
        || c.value(QLatin1String("held")).toInteger()
            != c.value(QLatin1String("target")).toInteger())
        problems << QStringLiteral("not every member stayed connected");
    const QJsonObject t = report.value(QLatin1String("throughput")).toObject();
    if (t.value(QLatin1String("frames_received")).toInteger() <= 0
        || t.value(QLatin1String("controls_delivered")).toInteger() <= 0)
        problems << QStringLiteral("nothing was delivered");
    const qint64 errors =
        report.value(QLatin1String("errors")).toObject().value(QLatin1String("total")).toInteger();
    if (errors != 0)
        problems << QStringLiteral("%1 errors").arg(errors);
    return problems;
}

} // namespace watchium::bench
