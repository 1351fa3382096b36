#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace watchium::bench {

// Turns the headless clients' sample lines into the sync benchmark's figures:
// member-vs-host error at equal wall time, and how fast members converge
// after each control. Pure: no processes, no clocks.
class SyncAnalysis
{
public:
    struct Sample
    {
        double wallMs = 0.0;
        double position = 0.0;
        int seeks = 0;
    };
    struct Action
    {
        QString name;
        double effectWallMs = 0.0; // when the room state takes effect
    };
    struct Settings
    {
        double settleMs = 2000.0; // steady = this long after a control
        double guardMs = 500.0; // ... until this long before the next one
        double convergeBoundMs = 25.0; // the goal's "within 25 ms"
        double convergeHoldMs = 1000.0; // ... and staying there this long
    };

    // Host position at `wallMs`, interpolated between the samples around it.
    static std::optional<double> hostPositionAt(const QList<Sample> &host, double wallMs);
    static double percentile(QList<double> values, double p);
    // {samples, min_ms, p50_ms, p95_ms, max_ms} of a list of milliseconds.
    static QJsonObject summary(const QList<double> &values);

    static QJsonObject analyse(const QList<Sample> &host,
                               const QMap<QString, QList<Sample>> &members,
                               const QList<Action> &actions, double endWallMs,
                               const Settings &settings);
};

} // namespace watchium::bench
