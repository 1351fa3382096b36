#pragma once

#include <QWidget>

class QListWidget;

namespace watchium {
class RoomClient;
}

namespace watchium::app {

// Who is in the room: name, host crown, online, and how well each one follows the room (the
// sync_error_ms of their presence). Redrawn from the RoomClient's presence on every change.
class MembersPanel : public QWidget
{
    Q_OBJECT

public:
    enum Role { UserIdRole = Qt::UserRole, IsHostRole, SyncLevelRole, SyncErrorRole };

    explicit MembersPanel(RoomClient *room, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    RoomClient *m_room;
    QListWidget *m_list;
};

} // namespace watchium::app
