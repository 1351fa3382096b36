#include "domain/RoomState.h"

#include <algorithm>

namespace watchium {

double RoomState::expectedPosition(qint64 serverNowMs) const
{
    if (!playing)
        return position;
    const qint64 elapsedMs = std::max<qint64>(0, serverNowMs - serverTimeMs);
    return position + rate * double(elapsedMs) / 1000.0;
}

QJsonObject RoomState::toJson() const
{
    return {{QStringLiteral("playing"), playing},
            {QStringLiteral("position"), position},
            {QStringLiteral("rate"), rate},
            {QStringLiteral("server_time_ms"), serverTimeMs},
            {QStringLiteral("seq"), seq}};
}

RoomState RoomState::fromJson(const QJsonObject &json)
{
    RoomState s;
    s.playing = json.value(QLatin1String("playing")).toBool();
    s.position = json.value(QLatin1String("position")).toDouble();
    s.rate = json.value(QLatin1String("rate")).toDouble(1.0);
    s.serverTimeMs = json.value(QLatin1String("server_time_ms")).toInteger();
    s.seq = json.value(QLatin1String("seq")).toInteger();
    return s;
}

} // namespace watchium
