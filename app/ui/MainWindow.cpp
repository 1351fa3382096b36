#include "MainWindow.h"

#include "client/InviteLink.h"
#include "client/RoomClient.h"
#include "EmbeddedServer.h"
#include "protocol/ErrorCodes.h"
#include "PublicRoomsPage.h"
#include "ReachabilityPanel.h"
#include "RoomView.h"
#include "ServerConfig.h"
#include "ServingBar.h"
#include "StartPage.h"
#include "tls/SelfSignedCertificate.h"
#include "Translations.h"

#include <QCloseEvent>
#include <QDir>
#include <QEvent>
#include <QNetworkInterface>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace watchium::app {

namespace {

constexpr int kLeaveTimeoutMs = 3000;

// This computer's addresses, for the invite to a room it serves.
QList<server::Reachability::Input::Address> interfaceAddresses()
{
    QList<server::Reachability::Input::Address> addresses;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp)
            || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries())
            addresses.append({entry.ip(), entry.isTemporary()});
    }
    return addresses;
}

} // namespace

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_stack(new QStackedWidget(this))
    , m_startTabs(new QTabWidget(this))
    , m_startPage(new StartPage(this))
    , m_publicRooms(new PublicRoomsPage(this))
    , m_server(new EmbeddedServer(this))
    , m_servingBar(new ServingBar([this] { return m_server->audience(m_userId); }, this))
    , m_questions(ServingQuestions::messageBoxes(this))
{
    m_server->setPortMappingEnabled(m_options.mapPort);
    setMinimumSize(800, 500);
    resize(1200, 720);
    m_startTabs->setDocumentMode(true);
    m_startTabs->addTab(m_startPage, QString());
    m_startTabs->addTab(m_publicRooms, QString());
    // The serving line stays above both tabs: it is about this computer, not one page.
    m_start = new QWidget(this);
    auto *startLayout = new QVBoxLayout(m_start);
    startLayout->setContentsMargins(0, 0, 0, 0);
    startLayout->setSpacing(0);
    startLayout->addWidget(m_servingBar);
    startLayout->addWidget(m_startTabs, 1);
    m_servingBar->hide();
    m_stack->addWidget(m_start);
    setCentralWidget(m_stack);
    retranslate();

    connect(m_startPage, &StartPage::createRequested, this, &MainWindow::create);
    connect(m_startPage, &StartPage::joinRequested, this, &MainWindow::join);
    connect(m_startPage, &StartPage::cancelRequested, this, &MainWindow::cancelEntering);
    connect(m_beacon, &RoomBeacon::raiseRequested, this, &MainWindow::comeForward);
    connect(m_startPage, &StartPage::languageChosen, this, [this](const QString &language) {
        if (m_options.translations)
            m_options.translations->install(language);
    });
    connect(m_publicRooms, &PublicRoomsPage::joinRequested, this,
            [this](const QUrl &server, const QString &roomId) {
                // On the start page: it has the profile, and shows what goes wrong.
                m_startTabs->setCurrentWidget(m_startPage);
                m_startPage->joinRoom(server, roomId);
            });
    connect(m_servingBar, &ServingBar::stopRequested, this, &MainWindow::stopServer);
}

MainWindow::~MainWindow()
{
    delete m_roomView;
    delete m_room;
    m_server->stop();
}

void MainWindow::retranslate()
{
    m_startTabs->setTabText(m_startTabs->indexOf(m_startPage), tr("Start"));
    m_startTabs->setTabText(m_startTabs->indexOf(m_publicRooms), tr("Public rooms"));
    updateWindowTitle();
}

void MainWindow::updateWindowTitle()
{
    if (m_roomView)
        setWindowTitle(tr("%1 — Watchium").arg(m_roomTitle));
    else
        setWindowTitle(tr("Watchium"));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

QString MainWindow::describeFailure(const QString &code, const QString &message, const QUrl &server)
{
    if (code == protocol::errors::kInvalidAccessKey)
        return tr("Wrong room key. Check the invite link and try again.");
    if (code == protocol::errors::kAccessKeyRequired)
        return tr("This room is private: it needs the key from the invite link.");
    if (code == protocol::errors::kRoomNotFound)
        return tr("This room does not exist any more: it was deleted or closed.");
    if (code == protocol::errors::kServerUnreachable)
        return tr("Cannot reach the server at %1. Is it running, and is the address right?")
            .arg(server.toString());
    if (code == protocol::errors::kTimeout)
        return tr("The server at %1 did not answer in time.").arg(server.toString());
    if (code == protocol::errors::kRateLimited)
        return tr("Too many attempts. Wait a moment and try again.");
    if (code == protocol::errors::kUserIdTaken)
        return tr("You are already in this room from another window.");
    if (code == protocol::errors::kTlsRefused && message.contains(QLatin1String("fingerprint")))
        return tr("Not connecting: the server's certificate does not match the invite's "
                  "fingerprint. This is not the server that made the invite, or someone is in "
                  "between.");
    if (code == protocol::errors::kTlsRefused)
        return tr("Not connecting securely: %1").arg(message);
    if (code == protocol::errors::kTlsFailed)
        return tr("The server's certificate is not trusted (%1). If the server uses a private "
                  "certificate authority, choose its file under Trusted CA.")
            .arg(message);
    if (code == protocol::errors::kHttpsRequired)
        return tr("The server at %1 only speaks https: use an https:// address.")
            .arg(server.toString());
    return message.isEmpty() ? tr("Something went wrong (%1).").arg(code) : message;
}

void MainWindow::create(const CreateRoomChoice &choice)
{
    // The host of an own-files room plays the file the room was made from.
    m_createdFromFile = choice.localFile;
    m_startPage->setBusy(true, [] { return tr("Creating the room…"); });
    if (!choice.hostLocally) {
        newRoomClient(choice.serverUrl)->createRoom(choice.request);
        return;
    }
    // Still serving rooms left to others: the new room goes on the same server, since a restart
    // would end theirs (and the port asked for does not apply).
    if (m_server->isRunning())
        return createOnOwnServer(choice.request);
    server::ServerConfig config;
    // Members on the local network must reach it; the room key protects private rooms.
    config.host = QHostAddress::Any;
    config.port = choice.port;
    config.dataDir = m_options.serverDataDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : m_options.serverDataDir;
    QDir().mkpath(config.dataDir);
    m_hostedPin = {};
    if (choice.encrypt) {
        QString error;
        const auto certificate = server::SelfSignedCertificate::ensure(
            QDir(config.dataDir).filePath(QStringLiteral("tls")), &error);
        if (!certificate)
            return fail(
                [error] { return tr("The room's certificate could not be made: %1").arg(error); });
        config.tlsCertificateFile = certificate->certificateFile;
        config.tlsKeyFile = certificate->keyFile;
        m_hostedPin = CertificatePin::fromSha256(certificate->sha256);
    }
    m_startPage->setBusy(true, [] { return tr("Starting the server on this computer…"); });
    auto *context = new QObject(this);
    m_pendingStart = context;
    connect(m_server, &EmbeddedServer::started, context, [this, context, choice] {
        context->deleteLater();
        createOnOwnServer(choice.request);
    });
    connect(m_server, &EmbeddedServer::failed, context, [this, context](const QString &error) {
        context->deleteLater();
        fail([error] { return tr("The server could not start: %1").arg(error); });
    });
    m_server->start(config);
}

void MainWindow::comeForward()
{
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
}

void MainWindow::cancelEntering()
{
    // Whatever was under way stops: the server's answer, if it still comes, finds nobody.
    delete m_pendingStart;
    delete m_room;
    m_room = nullptr;
    m_startPage->setBusy(false);
    m_startPage->clearError();
    // A server started for this room only: nobody else is on it.
    if (!m_server->isRunning())
        m_server->stop();
    stopServerIfUnused();
}

void MainWindow::createOnOwnServer(const CreateRoomRequest &request)
{
    // The server listens on every interface; this computer reaches it on loopback.
    QUrl local = m_server->url();
    local.setHost(QStringLiteral("127.0.0.1"));
    m_publicRooms->setServerUrl(local, m_hostedPin);
    m_startPage->setBusy(true, [] { return tr("Creating the room…"); });
    newRoomClient(local, m_hostedPin)->createRoom(request);
}

void MainWindow::join(const QUrl &serverUrl, const JoinRoomRequest &request)
{
    m_startPage->setBusy(true, [] { return tr("Joining the room…"); });
    m_createdFromFile.clear();
    CertificatePin pin = m_startPage->pinFor(serverUrl);
    // A room of the server hosted here, picked from its public list: its certificate is known.
    if (pin.isNull() && m_server->isRunning() && serverUrl.port() == m_server->url().port()
        && QHostAddress(serverUrl.host()).isLoopback())
        pin = m_hostedPin;
    newRoomClient(serverUrl, pin)->joinRoom(request);
}

void MainWindow::joinInvite(const QString &link)
{
    m_startPage->setInviteLink(link);
    if (!InviteLink::parse(link)) {
        m_startPage->showError(
            [link] { return tr("This is not a Watchium invite link: %1").arg(link); });
        return;
    }
    if (m_startPage->displayName().isEmpty()) {
        m_startPage->showError([] { return tr("Enter your display name, then press Join."); });
        return;
    }
    m_startPage->joinButton()->click();
}

RoomClient *MainWindow::newRoomClient(const QUrl &serverUrl, const CertificatePin &pin)
{
    delete m_room;
    m_serverUrl = serverUrl;
    RoomClient::Options options;
    options.serverUrl = serverUrl;
    options.tls.caFile = m_startPage->trustedCaFile();
    options.tls.pin = pin;
    m_serverPin = pin;
    m_room = new RoomClient(options, nullptr, this);
    connect(m_room, &RoomClient::entered, this, &MainWindow::entered);
    connect(m_room, &RoomClient::failed, this, [this](const QString &code, const QString &msg) {
        const LiveText text = [code, msg, server = m_serverUrl] {
            return describeFailure(code, msg, server);
        };
        if (m_roomView)
            closeRoom(text);
        else
            fail(text);
        stopServerIfUnused();
    });
    connect(m_room, &RoomClient::roomClosed, this, [this] {
        closeRoom([] { return tr("The room was closed by its host."); });
        stopServerIfUnused();
    });
    return m_room;
}

void MainWindow::entered(const RoomSession &session)
{
    m_startPage->setBusy(false);
    m_startPage->clearError();
    RoomView::Options options;
    options.mediaOverride = m_options.mediaOverride.isEmpty()
        ? std::exchange(m_createdFromFile, QString())
        : m_options.mediaOverride;
    options.mpvOptions = m_options.mpvOptions;
    m_roomView = new RoomView(m_room, session, options, this);
    showInvite(session);
    connect(m_roomView, &RoomView::leaveRequested, this, &MainWindow::leave);
    m_stack->addWidget(m_roomView);
    m_stack->setCurrentWidget(m_roomView);
    m_roomTitle = session.room.value(QLatin1String("title")).toString();
    m_userId = session.userId;
    updateWindowTitle();
    updateServingBar();
    m_roomView->setFocus();
    m_beacon->listen(session.roomId);
}

void MainWindow::showInvite(const RoomSession &session)
{
    const QString roomId = session.roomId;
    const QString key = session.room.value(QLatin1String("access_key")).toString(session.accessKey);
    const bool servedHere = m_server->isRunning() && QHostAddress(m_serverUrl.host()).isLoopback();
    if (!servedHere) {
        m_roomView->setInviteLink(
            InviteLink::forRoom(m_serverUrl, roomId, key, m_serverPin).toString());
        return;
    }
    // Served here: the invite names an address others can reach, never loopback unless the
    // user picks it; the panel says who that is, and updates both as the router answers.
    ReachabilityPanel *panel = m_roomView->reachabilityPanel();
    RoomView *view = m_roomView;
    connect(panel, &ReachabilityPanel::addressChanged, view,
            [view, roomId, key, scheme = m_serverUrl.scheme(),
             pin = m_serverPin](const QString &host, quint16 port) {
                QUrl server;
                server.setScheme(scheme);
                server.setHost(host);
                server.setPort(port);
                view->setInviteLink(host.isEmpty()
                                        ? QString()
                                        : InviteLink::forRoom(server, roomId, key, pin).toString());
            });
    connect(m_server, &EmbeddedServer::portMappingChanged, panel, &ReachabilityPanel::setMapping);
    server::Reachability::Input input;
    input.addresses = interfaceAddresses();
    input.port = quint16(m_server->url().port());
    input.mapping = m_server->portMapping();
    panel->setInput(input);
    panel->show();
}

void MainWindow::fail(LiveText message)
{
    m_startPage->setBusy(false);
    m_startPage->showError(std::move(message));
}

void MainWindow::leave()
{
    RoomClient *room = m_room;
    if (!room || !m_roomView)
        return closeRoom({});
    const bool ownServer = isOnOwnServer();
    const int others = ownServer ? othersInRoom() : 0;
    auto answer = ServingQuestions::LeaveAnswer::KeepServing;
    if (others > 0) {
        answer = m_questions.onLeave(others);
        if (answer == ServingQuestions::LeaveAnswer::StayInRoom)
            return;
    }
    const QString roomId = room->session().roomId;
    m_room = nullptr;
    room->disconnect(this);
    closeRoom({});
    // Closed by the server itself, so that the members are told; there is nothing to leave then.
    const bool closeIt = answer == ServingQuestions::LeaveAnswer::CloseRoom;
    if (closeIt)
        m_server->closeRoom(roomId);
    // Nobody else on this computer's server: it stops, and the room ends with it.
    const bool unused = ownServer && m_server->audience(m_userId).members == 0;
    if (closeIt || unused)
        room->deleteLater();
    else
        leaveRoom(room);
    if (unused)
        stopServer();
}

void MainWindow::leaveRoom(RoomClient *room)
{
    connect(room, &RoomClient::leaveFinished, room, &QObject::deleteLater);
    room->leaveRoomWithin(kLeaveTimeoutMs);
}

void MainWindow::closeRoom(LiveText error)
{
    m_beacon->close();
    if (m_roomView) {
        if (m_roomView->window()->isFullScreen())
            showNormal();
        m_stack->removeWidget(m_roomView);
        m_roomView->deleteLater();
        m_roomView = nullptr;
    }
    m_stack->setCurrentWidget(m_start);
    updateWindowTitle();
    m_startPage->setBusy(false);
    if (error)
        m_startPage->showError(std::move(error));
    updateServingBar();
}

bool MainWindow::isOnOwnServer() const
{
    return m_roomView && m_server->isRunning() && QHostAddress(m_serverUrl.host()).isLoopback()
        && m_serverUrl.port() == m_server->url().port();
}

int MainWindow::othersInRoom() const
{
    const QMap<QString, QJsonObject> members = m_room->members();
    return int(members.size()) - (members.contains(m_room->userId()) ? 1 : 0);
}

void MainWindow::stopServerIfUnused()
{
    if (!m_roomView && m_server->isRunning() && m_server->audience(m_userId).members == 0)
        stopServer();
}

void MainWindow::stopServer()
{
    m_server->stop();
    updateServingBar();
}

void MainWindow::updateServingBar()
{
    const bool serving = m_server->isRunning() && !m_roomView;
    m_servingBar->setVisible(serving);
    if (serving)
        m_servingBar->refresh();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int others = m_server->isRunning() ? m_server->audience(m_userId).members : 0;
    if (others > 0 && !m_questions.onQuit(others))
        return event->ignore();
    QMainWindow::closeEvent(event);
}

} // namespace watchium::app
