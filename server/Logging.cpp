#include "Logging.h"

Q_LOGGING_CATEGORY(lcReactor, "watchium.net")
Q_LOGGING_CATEGORY(lcRooms, "watchium.rooms")
Q_LOGGING_CATEGORY(lcRealtime, "watchium.realtime")
Q_LOGGING_CATEGORY(lcStore, "watchium.store")
Q_LOGGING_CATEGORY(lcCluster, "watchium.cluster")
