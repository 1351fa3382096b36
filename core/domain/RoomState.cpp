#include "domain/RoomState.h"

#include <QJsonArray>

#include <algorithm>

namespace watchium {

double RoomState::expectedPosition(qint64 serverNowMs) const
{
    double at = position;
    if (playing) {
        const qint64 elapsedMs = std::max<qint64>(0, serverNowMs - serverTimeMs);
        at += rate * double(elapsedMs) / 1000.0;
    }
    return duration > 0.0 ? std::min(at, duration) : at;
}

bool RoomState::endedAt(qint64 serverNowMs) const
{
    return duration > 0.0 && expectedPosition(serverNowMs) >= duration;
}

QJsonObject RoomState::toJson() const
{
    QJsonObject json {{QStringLiteral("playing"), playing},
                      {QStringLiteral("position"), position},
                      {QStringLiteral("rate"), rate},
                      {QStringLiteral("server_time_ms"), serverTimeMs},
                      {QStringLiteral("seq"), seq},
                      {QStringLiteral("duration"), duration},
                      {QStringLiteral("waiting_for"), QJsonArray::fromStringList(waitingFor)}};
    if (isWaiting())
        json.insert(QStringLiteral("wait_deadline_ms"), waitDeadlineMs);
    return json;
}

RoomState RoomState::fromJson(const QJsonObject &json)
{
    RoomState s;
    s.playing = json.value(QLatin1String("playing")).toBool();
    s.position = json.value(QLatin1String("position")).toDouble();
    s.rate = json.value(QLatin1String("rate")).toDouble(1.0);
    s.serverTimeMs = json.value(QLatin1String("server_time_ms")).toInteger();
    s.seq = json.value(QLatin1String("seq")).toInteger();
    s.duration = std::max(0.0, json.value(QLatin1String("duration")).toDouble());
    for (const QJsonValue &id : json.value(QLatin1String("waiting_for")).toArray()) {
        if (id.isString())
            s.waitingFor.append(id.toString());
    }
    if (s.isWaiting())
        s.waitDeadlineMs = json.value(QLatin1String("wait_deadline_ms")).toInteger();
    return s;
}

} // namespace watchium
