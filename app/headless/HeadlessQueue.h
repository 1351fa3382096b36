#pragma once

#include <QObject>

namespace watchium {
class QueueClient;
class RoomClient;
class RoomPlayback;
} // namespace watchium

namespace watchium::app {

// The episode queue in the headless client: prints the queue, episode changes and countdowns
// as JSON lines, takes the host's queue commands, and on an own-files episode opens the next
// file of the folder the member plays from.
class HeadlessQueue : public QObject
{
    Q_OBJECT

public:
    HeadlessQueue(RoomClient *room, RoomPlayback *playback, QObject *parent = nullptr);

    // `verb` and `argument` of a command line; false when it is not a queue command.
    bool command(const QString &verb, const QString &argument, QString *error);
    static QString usage();

private:
    void printQueue();
    void episodeChanged(qint64 episode, const QString &title, const QString &videoUrl);
    // The entry id at 1-based `position`, or 0.
    qint64 idAt(const QString &position) const;

    RoomClient *m_room;
    RoomPlayback *m_playback;
    QueueClient *m_queue;
};

} // namespace watchium::app
