#pragma once

#include <QLoggingCategory>

// The server's logging categories used by more than one file; a file's own stays in the file.
// Enable one with QT_LOGGING_RULES, e.g. "watchium.cluster.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcReactor) // watchium.net: sockets, the listener, the reactor
Q_DECLARE_LOGGING_CATEGORY(lcRooms) // watchium.rooms: rooms, members, playback, the queue
Q_DECLARE_LOGGING_CATEGORY(lcRealtime) // watchium.realtime: channels, presence
Q_DECLARE_LOGGING_CATEGORY(lcStore) // watchium.store: the database
Q_DECLARE_LOGGING_CATEGORY(lcCluster) // watchium.cluster: the bus between nodes
