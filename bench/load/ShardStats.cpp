#include "ShardStats.h"

#include <QJsonArray>

namespace watchium::bench {

namespace {
constexpr int kErrorSamples = 8;

// The counters, named once for both directions of the JSON.
template<typename Stats, typename F> void eachCounter(Stats &s, F &&f)
{
    f("target", s.target);
    f("joined", s.joined);
    f("held", s.held);
    f("frames_received", s.framesReceived);
    f("frames_sent", s.framesSent);
    f("controls_sent", s.controlsSent);
    f("controls_expected", s.controlsExpected);
    f("controls_delivered", s.controlsDelivered);
    f("comments_sent", s.commentsSent);
    f("comments_expected", s.commentsExpected);
    f("comments_delivered", s.commentsDelivered);
    f("presence_sent", s.presenceSent);
    f("presence_delivered", s.presenceDelivered);
    f("changes_delivered", s.changesDelivered);
    f("connect_failed", s.connectFailed);
    f("join_failed", s.joinFailed);
    f("error_replies", s.errorReplies);
    f("unexpected_closes", s.unexpectedCloses);
}
} // namespace

void ShardStats::noteError(const QString &what)
{
    if (errorSamples.size() < kErrorSamples)
        errorSamples.append(what.left(300));
}

void ShardStats::merge(const ShardStats &o)
{
    target += o.target;
    joined += o.joined;
    held += o.held;
    framesReceived += o.framesReceived;
    framesSent += o.framesSent;
    controlsSent += o.controlsSent;
    controlsExpected += o.controlsExpected;
    controlsDelivered += o.controlsDelivered;
    commentsSent += o.commentsSent;
    commentsExpected += o.commentsExpected;
    commentsDelivered += o.commentsDelivered;
    presenceSent += o.presenceSent;
    presenceDelivered += o.presenceDelivered;
    changesDelivered += o.changesDelivered;
    connectFailed += o.connectFailed;
    joinFailed += o.joinFailed;
    errorReplies += o.errorReplies;
    unexpectedCloses += o.unexpectedCloses;
    for (const QString &e : o.errorSamples)
        noteError(e);
    control.merge(o.control);
    controlCrossNode.merge(o.controlCrossNode);
    comment.merge(o.comment);
    presence.merge(o.presence);
    lag.merge(o.lag);
    for (auto it = o.spread.cbegin(); it != o.spread.cend(); ++it) {
        Spread &s = spread[it.key()];
        s.expected += it->expected;
        s.received += it->received;
        s.lastUs = std::max(s.lastUs, it->lastUs);
    }
    windowS = std::max(windowS, o.windowS);
    cpuS += o.cpuS;
    rssMib += o.rssMib;
}

QJsonObject ShardStats::toJson() const
{
    QJsonObject json;
    eachCounter(*this,
                [&](const char *name, qint64 value) { json.insert(QLatin1String(name), value); });
    json.insert(QLatin1String("error_samples"), QJsonArray::fromStringList(errorSamples));
    json.insert(QLatin1String("control"), control.toJson());
    json.insert(QLatin1String("control_cross_node"), controlCrossNode.toJson());
    json.insert(QLatin1String("comment"), comment.toJson());
    json.insert(QLatin1String("presence"), presence.toJson());
    json.insert(QLatin1String("lag"), lag.toJson());
    QJsonObject spreads;
    for (auto it = spread.cbegin(); it != spread.cend(); ++it)
        spreads.insert(it.key(), QJsonArray {it->expected, it->received, it->lastUs});
    json.insert(QLatin1String("spread"), spreads);
    json.insert(QLatin1String("window_s"), windowS);
    json.insert(QLatin1String("cpu_s"), cpuS);
    json.insert(QLatin1String("rss_mib"), rssMib);
    return json;
}

ShardStats ShardStats::fromJson(const QJsonObject &json)
{
    ShardStats s;
    eachCounter(s, [&](const char *name, qint64 &value) {
        value = json.value(QLatin1String(name)).toInteger();
    });
    for (const QJsonValue &e : json.value(QLatin1String("error_samples")).toArray())
        s.errorSamples.append(e.toString());
    s.control = Histogram::fromJson(json.value(QLatin1String("control")).toObject());
    s.controlCrossNode =
        Histogram::fromJson(json.value(QLatin1String("control_cross_node")).toObject());
    s.comment = Histogram::fromJson(json.value(QLatin1String("comment")).toObject());
    s.presence = Histogram::fromJson(json.value(QLatin1String("presence")).toObject());
    s.lag = Histogram::fromJson(json.value(QLatin1String("lag")).toObject());
    const QJsonObject spreads = json.value(QLatin1String("spread")).toObject();
    for (auto it = spreads.begin(); it != spreads.end(); ++it) {
        const QJsonArray a = it.value().toArray();
        s.spread.insert(it.key(), {a.at(0).toInteger(), a.at(1).toInteger(), a.at(2).toInteger()});
    }
    s.windowS = json.value(QLatin1String("window_s")).toDouble();
    s.cpuS = json.value(QLatin1String("cpu_s")).toDouble();
    s.rssMib = json.value(QLatin1String("rss_mib")).toDouble();
    return s;
}

} // namespace watchium::bench
