#pragma once

#include "Histogram.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace watchium::bench {

// Everything one shard measured, in a form the parent can merge: counters,
// latency histograms and, per control, how many members got it and when the
// last one did (the spread of one play across a room).
struct ShardStats
{
    struct Spread
    {
        qint64 expected = 0; // set by the shard whose host sent it
        qint64 received = 0;
        qint64 lastUs = 0; // latency of the last member to receive it
    };

    // Connections
    qint64 target = 0;
    qint64 joined = 0;
    qint64 held = 0; // still open at the end of the window

    // Traffic inside the measured window
    qint64 framesReceived = 0;
    qint64 framesSent = 0;
    qint64 controlsSent = 0;
    qint64 controlsExpected = 0; // sum of room sizes over controls sent
    qint64 controlsDelivered = 0;
    qint64 commentsSent = 0;
    qint64 commentsExpected = 0;
    qint64 commentsDelivered = 0;
    qint64 presenceSent = 0;
    qint64 presenceDelivered = 0;
    qint64 changesDelivered = 0; // postgres_changes frames

    // Errors
    qint64 connectFailed = 0;
    qint64 joinFailed = 0;
    qint64 errorReplies = 0;
    qint64 unexpectedCloses = 0;
    QStringList errorSamples;

    Histogram control;
    // The controls of those members connected to another node than their room's host: the bus
    // between nodes is on their path (multi-node runs only).
    Histogram controlCrossNode;
    Histogram comment;
    Histogram presence;
    Histogram lag; // generator event-loop lateness
    QHash<QString, Spread> spread; // by "<room>:<send offset µs>"

    double windowS = 0;
    double cpuS = 0; // this shard's user+system CPU during the window
    double rssMib = 0;

    qint64 errors() const { return connectFailed + joinFailed + errorReplies + unexpectedCloses; }
    void noteError(const QString &what);
    void merge(const ShardStats &other);
    QJsonObject toJson() const;
    static ShardStats fromJson(const QJsonObject &json);
};

} // namespace watchium::bench
