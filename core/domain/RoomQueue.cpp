#include "domain/RoomQueue.h"

#include <QJsonArray>

#include <algorithm>

namespace watchium {

QJsonObject QueueEntry::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("episode_number"), episode},
            {QStringLiteral("title"), title},
            {QStringLiteral("video_url"), videoUrl}};
}

QueueEntry QueueEntry::fromJson(const QJsonObject &json)
{
    QueueEntry e;
    e.id = json.value(QLatin1String("id")).toInteger();
    e.episode = json.value(QLatin1String("episode_number")).toInteger(1);
    e.title = json.value(QLatin1String("title")).toString();
    e.videoUrl = json.value(QLatin1String("video_url")).toString();
    return e;
}

int RoomQueue::indexOf(qint64 id) const
{
    for (int i = 0; i < entries.size(); ++i) {
        if (entries.at(i).id == id)
            return i;
    }
    return -1;
}

bool RoomQueue::move(qint64 id, int index)
{
    const int from = indexOf(id);
    if (from < 0)
        return false;
    entries.move(from, std::clamp(index, 0, int(entries.size()) - 1));
    return true;
}

bool RoomQueue::remove(qint64 id)
{
    const int at = indexOf(id);
    if (at < 0)
        return false;
    entries.removeAt(at);
    return true;
}

qint64 RoomQueue::nextId(qint64 floor) const
{
    qint64 next = std::max<qint64>(floor, 1);
    for (const QueueEntry &e : entries)
        next = std::max(next, e.id + 1);
    return next;
}

QJsonObject RoomQueue::toJson() const
{
    QJsonArray list;
    for (const QueueEntry &e : entries)
        list.append(e.toJson());
    return {{QStringLiteral("entries"), list},
            {QStringLiteral("auto_advance"), autoAdvance},
            {QStringLiteral("advance_at"),
             advanceAtMs > 0 ? QJsonValue(advanceAtMs) : QJsonValue(QJsonValue::Null)}};
}

RoomQueue RoomQueue::fromJson(const QJsonObject &json)
{
    RoomQueue q;
    const QJsonArray list = json.value(QLatin1String("entries")).toArray();
    // A client keeps no more than the server would send.
    for (qsizetype i = 0; i < list.size() && i < kMaxEntries; ++i)
        q.entries.append(QueueEntry::fromJson(list.at(i).toObject()));
    q.autoAdvance = json.value(QLatin1String("auto_advance")).toBool();
    q.advanceAtMs = json.value(QLatin1String("advance_at")).toInteger();
    return q;
}

} // namespace watchium
