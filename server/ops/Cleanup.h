#pragma once

#include "rooms/ServiceContext.h"

#include <QObject>
#include <QTimer>

namespace watchium::server {

class RoomService;

// Removes what nobody uses any more, at start and then on a timer: rooms idle
// past their limit (none with someone connected), sync history past its
// retention, members long offline, and empty rate-limit windows.
class Cleanup : public QObject
{
    Q_OBJECT

public:
    Cleanup(ServiceContext context, RoomService *rooms, QObject *parent = nullptr);

    void start();

    struct Report
    {
        int rooms = 0;
        int syncStates = 0;
        int members = 0;
    };
    Report runOnce();

Q_SIGNALS:
    void finished(int rooms, int syncStates, int members);

private:
    ServiceContext m_ctx;
    RoomService *m_rooms;
    QTimer m_timer;
};

} // namespace watchium::server
