#pragma once

#include "LoadOptions.h"
#include "ShardStats.h"

#include <QJsonObject>
#include <QStringList>

namespace watchium::bench {

// The one JSON object a run prints, and what --check demands of it.
struct ReportInputs
{
    const LoadOptions *options = nullptr;
    ShardStats stats; // merged over shards
    QJsonObject server; // ProcSampler summary plus RSS before and after connecting
    double setupS = 0; // HTTP rooms-create and rooms-join
    double connectS = 0; // sockets open and joined
    bool connectTimedOut = false;
    QString loadBefore; // /proc/loadavg when the run started
    QString loadAfter;
    QString fatal; // set when the run could not complete
};

QJsonObject buildReport(const ReportInputs &in);
// Empty when the report passes --check; else what failed.
QStringList checkReport(const QJsonObject &report);
QString loadAverage();

} // namespace watchium::bench
