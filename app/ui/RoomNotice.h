#pragma once

#include "domain/RoomState.h"

#include <QLabel>
#include <QStringList>
#include <QTimer>

namespace watchium {
class PlayerStatusTracker;
class RoomClient;
} // namespace watchium

namespace watchium::app {

// The line under the video that says why the room does not play: this player cannot play the
// video, the room waits for members who load or buffer ("Waiting for Ben…"), or the episode
// has finished. Hidden while the room simply plays or is paused by its host.
class RoomNotice : public QLabel
{
    Q_OBJECT

public:
    RoomNotice(RoomClient *room, PlayerStatusTracker *player, QWidget *parent = nullptr);

    // What the line says; empty: nothing to say. `names` are the waited-for members' names.
    static QString describe(const RoomState &state, qint64 serverNowMs, const QStringList &names,
                            const QString &playerError);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    QStringList waitingNames() const;

    RoomClient *m_room;
    PlayerStatusTracker *m_player;
    // The wait's countdown and the end of the episode change with time alone.
    QTimer m_tick;
};

} // namespace watchium::app
