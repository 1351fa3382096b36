#pragma once

#include "client/RoomClient.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace watchium::app {

// The line above the video while the room's connection is down: what is going on ("Server
// unreachable, retrying (attempt 3)", then "rejoining") and a Leave button, since a server that
// is gone may never come back. Hidden while joined, and while the room is first entered.
class ConnectionBanner : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionBanner(RoomClient *room, QWidget *parent = nullptr);

    // What the banner says in `state` at retry `attempt` (RoomClient::reconnectAttempt); empty
    // when there is nothing to say.
    static QString describe(RoomClient::ConnectionState state, int attempt);
    QString text() const;
    QPushButton *leaveButton() const { return m_leave; }

Q_SIGNALS:
    void leaveRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    // Text and visibility from the room's connection; on every change and language change.
    void refresh();

    QPointer<RoomClient> m_room;
    QString m_lastError;
    QLabel *m_label;
    QPushButton *m_leave;
};

} // namespace watchium::app
