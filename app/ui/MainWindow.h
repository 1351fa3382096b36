#pragma once

#include "client/CertificatePin.h"
#include "client/RoomRequests.h"
#include "client/RoomSession.h"
#include "LiveText.h"
#include "RoomBeacon.h"
#include "ServingQuestions.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class QStackedWidget;
class QTabWidget;

namespace watchium {
class RoomClient;
}

namespace watchium::app {

class EmbeddedServer;
class PublicRoomsPage;
class RoomView;
class ServingBar;
class StartPage;
class Translations;
struct CreateRoomChoice;

// What a MainWindow is made with (MainWindow::Options). At namespace scope: a nested struct with
// default member initialisers cannot be the default argument of its enclosing class's
// constructor.
struct MainWindowOptions
{
    QString mediaOverride; // see RoomView::Options
    QList<std::pair<QByteArray, QByteArray>> mpvOptions;
    QString serverDataDir; // embedded server's SQLite directory; empty: app data dir
    // Ask the router to forward the embedded server's port (UPnP-IGD, PCP, NAT-PMP). The app turns
    // it on; off by default so that tests never talk to the real network's router.
    bool mapPort = false;
    // Switches the UI language when the start page picks another one. The application's (one
    // for every window); without it the choice is only saved, for the next start.
    Translations *translations = nullptr;
};

// The desktop app's window: the start page until a room is entered, then the room. Owns the
// room session and, for a host on this computer, the embedded server: started for the first room
// hosted here, reused for the next ones, and stopped once the user is not in a room on it and
// nobody else is connected, unless the user keeps it serving others (asked on leaving such a
// room, and on closing the window). Every failure is shown in the window, in words a viewer
// understands.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    using Options = MainWindowOptions;

    explicit MainWindow(Options options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // `watchium://HOST:PORT/ROOM?key=KEY` from the command line: join it right away.
    void joinInvite(const QString &link);

    StartPage *startPage() const { return m_startPage; }
    RoomView *roomView() const { return m_roomView; }
    PublicRoomsPage *publicRoomsPage() const { return m_publicRooms; }
    RoomClient *roomClient() const { return m_room; }
    RoomBeacon *roomBeacon() const { return m_beacon; }
    EmbeddedServer *embeddedServer() const { return m_server; }
    ServingBar *servingBar() const { return m_servingBar; }
    // Message boxes unless replaced (tests).
    void setServingQuestions(ServingQuestions questions) { m_questions = std::move(questions); }

    // The user-facing text for a RoomClient failure.
    static QString describeFailure(const QString &code, const QString &message, const QUrl &server);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void retranslate();
    void updateWindowTitle();
    void create(const CreateRoomChoice &choice);
    void createOnOwnServer(const CreateRoomRequest &request);
    // Cancel on the start page while creating or joining.
    void cancelEntering();
    // Another start of the app was given an invite to the room open here.
    void comeForward();
    void join(const QUrl &serverUrl, const JoinRoomRequest &request);
    RoomClient *newRoomClient(const QUrl &serverUrl, const CertificatePin &pin = {});
    void entered(const RoomSession &session);
    // The invite, and for a room served here who can join with it (the reachability panel).
    void showInvite(const RoomSession &session);
    void fail(LiveText message);
    void leave();
    // Leaving can fail (the server is down); the room client goes either way.
    void leaveRoom(RoomClient *room);
    void closeRoom(LiveText error);
    // The room shown is served by the embedded server.
    bool isOnOwnServer() const;
    int othersInRoom() const;
    void stopServerIfUnused();
    void stopServer();
    void updateServingBar();

    Options m_options;
    QStackedWidget *m_stack;
    QWidget *m_start; // the serving line over the start tabs
    QTabWidget *m_startTabs;
    StartPage *m_startPage;
    PublicRoomsPage *m_publicRooms;
    RoomView *m_roomView = nullptr;
    RoomClient *m_room = nullptr;
    // The embedded server starting for a room being created; deleting it forgets that room.
    QPointer<QObject> m_pendingStart;
    RoomBeacon *m_beacon = new RoomBeacon(this);
    EmbeddedServer *m_server;
    ServingBar *m_servingBar;
    ServingQuestions m_questions;
    QUrl m_serverUrl;
    CertificatePin m_serverPin; // the pin m_serverUrl was reached with, for the invites
    CertificatePin m_hostedPin; // the embedded server's certificate, when it speaks https
    QString m_roomTitle;
    // This user's id in the last room entered: not one of the others the server serves.
    QString m_userId;
    QString m_createdFromFile; // the file of the own-files room being created
};

} // namespace watchium::app
