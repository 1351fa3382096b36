#pragma once

#include <QObject>

class QLocalServer;

namespace watchium::app {

// Makes the room open in this window findable by another start of the app on this computer, so
// that opening an invite to a room already open brings its window forward instead of joining
// twice. One local socket per open room, named from the room id and the user's home, reachable
// by this user only.
class RoomBeacon : public QObject
{
    Q_OBJECT

public:
    explicit RoomBeacon(QObject *parent = nullptr);
    ~RoomBeacon() override;

    // Answers for `roomId` from now on; false when another live window already does (two
    // windows of one process in the same room, as the tests run them: the first one answers).
    bool listen(const QString &roomId);
    void close();
    bool isListening() const;

    // Asks the window that has `roomId` open to come forward; true when one said it did.
    static bool raiseExisting(const QString &roomId, int timeoutMs = 1500);
    static QString serverName(const QString &roomId);

Q_SIGNALS:
    void raiseRequested();

private:
    void onConnection();

    QLocalServer *m_server;
};

} // namespace watchium::app
