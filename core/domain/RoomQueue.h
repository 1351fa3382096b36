#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace watchium {

// One episode waiting in a room's queue. An empty video URL means "own files": every member
// plays their own copy of that episode.
struct QueueEntry
{
    // Given by the server and kept while the entry waits: a move or removal names the entry,
    // not its place, so a host acting on a queue another change just reordered hits the right
    // one.
    qint64 id = 0;
    qint64 episode = 1;
    QString title;
    QString videoUrl;

    bool isOwnFiles() const { return videoUrl.isEmpty(); }
    QJsonObject toJson() const;
    static QueueEntry fromJson(const QJsonObject &json);
    bool operator==(const QueueEntry &) const = default;
};

// What a room plays next, in order (the episode playing now is the room's own), the host's
// auto-advance switch, and the end of a running auto-advance countdown.
struct RoomQueue
{
    // A season or two of a long show, far more than a party watches in one sitting.
    static constexpr int kMaxEntries = 200;

    QList<QueueEntry> entries;
    bool autoAdvance = false;
    qint64 advanceAtMs = 0; // server clock; 0 while no countdown runs

    int indexOf(qint64 id) const;
    // Moves entry `id` to `index` (clamped to the queue); false when there is no such entry.
    bool move(qint64 id, int index);
    bool remove(qint64 id);
    // An id no entry has, never below `floor` (so ids keep growing across removals).
    qint64 nextId(qint64 floor) const;

    QJsonObject toJson() const;
    static RoomQueue fromJson(const QJsonObject &json);
    bool operator==(const RoomQueue &) const = default;
};

} // namespace watchium
