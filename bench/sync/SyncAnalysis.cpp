#include "SyncAnalysis.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace watchium::bench {

QJsonObject SyncAnalysis::summary(const QList<double> &values)
{
    if (values.isEmpty())
        return {{QStringLiteral("samples"), 0}};
    return {{QStringLiteral("samples"), int(values.size())},
            {QStringLiteral("min_ms"), *std::min_element(values.cbegin(), values.cend())},
            {QStringLiteral("p50_ms"), percentile(values, 50)},
            {QStringLiteral("p95_ms"), percentile(values, 95)},
            {QStringLiteral("max_ms"), *std::max_element(values.cbegin(), values.cend())}};
}

std::optional<double> SyncAnalysis::hostPositionAt(const QList<Sample> &host, double wallMs)
{
    const auto after = std::upper_bound(host.cbegin(), host.cend(), wallMs,
                                        [](double t, const Sample &s) { return t < s.wallMs; });
    if (after == host.cbegin() || after == host.cend())
        return std::nullopt;
    const Sample &a = *(after - 1);
    const Sample &b = *after;
    // Across a seek the host's position jumps; nothing between the two
    // samples is known, so no comparison is made there.
    const double span = (b.wallMs - a.wallMs) / 1000.0;
    if (std::abs(b.position - a.position) > 0.25 + 2.0 * span)
        return std::nullopt;
    const double f = b.wallMs > a.wallMs ? (wallMs - a.wallMs) / (b.wallMs - a.wallMs) : 0.0;
    return a.position + (b.position - a.position) * f;
}

double SyncAnalysis::percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p% of values at or below it.
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

QJsonObject SyncAnalysis::analyse(const QList<Sample> &host,
                                  const QMap<QString, QList<Sample>> &members,
                                  const QList<Action> &actions, double endWallMs,
                                  const Settings &settings)
{
    QList<double> allSteady;
    QJsonArray perMember;
    QList<QJsonArray> convergence(actions.size());
    for (auto it = members.cbegin(); it != members.cend(); ++it) {
        QList<double> steady;
        for (qsizetype a = 0; a < actions.size(); ++a) {
            const double start = actions[a].effectWallMs;
            const double end = a + 1 < actions.size() ? actions[a + 1].effectWallMs : endWallMs;
            std::optional<double> convergedAt;
            double candidate = -1.0;
            for (const Sample &s : it.value()) {
                if (s.wallMs < start || s.wallMs >= end)
                    continue;
                const auto hostPosition = hostPositionAt(host, s.wallMs);
                if (!hostPosition)
                    continue;
                const double error = std::abs(s.position - *hostPosition) * 1000.0;
                // Steady: settled after this control, and not yet reacting to
                // the next one (clients seek early for a scheduled seek).
                if (s.wallMs >= start + settings.settleMs && s.wallMs < end - settings.guardMs)
                    steady.append(error);
                if (convergedAt)
                    continue;
                if (error > settings.convergeBoundMs) {
                    candidate = -1.0;
                } else if (candidate < 0) {
                    candidate = s.wallMs;
                } else if (s.wallMs - candidate >= settings.convergeHoldMs) {
                    convergedAt = candidate - start;
                }
            }
            convergence[a].append(convergedAt ? QJsonValue(*convergedAt)
                                              : QJsonValue(QJsonValue::Null));
        }
        allSteady += steady;
        QJsonObject member = summary(steady);
        member.insert(QStringLiteral("name"), it.key());
        member.insert(QStringLiteral("seeks"), it.value().isEmpty() ? 0 : it.value().last().seeks);
        perMember.append(member);
    }
    QJsonArray perAction;
    for (qsizetype a = 0; a < actions.size(); ++a) {
        double worst = 0.0;
        bool all = true;
        for (const QJsonValue &v : convergence[a]) {
            all = all && v.isDouble();
            worst = std::max(worst, v.toDouble());
        }
        perAction.append(QJsonObject {
            {QStringLiteral("action"), actions[a].name},
            {QStringLiteral("per_member_ms"), convergence[a]},
            {QStringLiteral("max_ms"), all ? QJsonValue(worst) : QJsonValue(QJsonValue::Null)}});
    }
    return {{QStringLiteral("steady"), summary(allSteady)},
            {QStringLiteral("per_member"), perMember},
            {QStringLiteral("convergence"), perAction}};
}

} // namespace watchium::bench
