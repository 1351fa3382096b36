#include "Server.h"

#include "http/HttpApi.h"
#include "net/EpollReactor.h"
#include "net/SharedPort.h"
#include "ops/Cleanup.h"
#include "ops/Metrics.h"
#include "ops/RateLimiter.h"
#include "protocol/Topics.h"
#include "realtime/ChannelHandler.h"
#include "realtime/RealtimeHub.h"
#include "rooms/CommentService.h"
#include "rooms/LiveRooms.h"
#include "rooms/MemberService.h"
#include "rooms/PlaybackService.h"
#include "rooms/PlaybackSupervisor.h"
#include "rooms/RoomService.h"
#include "rooms/StatePublisher.h"
#include "store/CommentStore.h"
#include "store/Database.h"
#include "store/MemberStore.h"
#include "store/RoomStore.h"
#include "store/SyncStateStore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcServer, "watchium.server")

namespace watchium::server {

struct Server::Parts
{
    Database db;
    std::unique_ptr<RoomStore> roomStore;
    std::unique_ptr<MemberStore> memberStore;
    std::unique_ptr<CommentStore> commentStore;
    std::unique_ptr<SyncStateStore> syncStateStore;
    RateLimiter limiter;
    Metrics metrics;
    // Before the hub: its sockets leave the reactor when they go.
    EpollReactor reactor;
    std::unique_ptr<LiveRooms> live;
    std::unique_ptr<RealtimeHub> hub;
    std::unique_ptr<CommentService> comments;
    std::unique_ptr<RoomService> rooms;
    std::unique_ptr<StatePublisher> publisher;
    std::unique_ptr<PlaybackSupervisor> supervisor;
    std::unique_ptr<PlaybackService> playback;
    std::unique_ptr<MemberService> members;
    std::unique_ptr<ChannelHandler> handler;
    std::unique_ptr<HttpApi> http;
    std::unique_ptr<Cleanup> cleanup;
    QTimer persistTimer;
    QElapsedTimer uptime;
};

Server::Server(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

Server::~Server()
{
    stop();
}

bool Server::start(QString *error)
{
    auto p = std::make_unique<Parts>();
    p->uptime.start();
    if (!p->db.open(m_config.dataDir, m_config.databaseUrl, error))
        return false;
    p->roomStore = std::make_unique<RoomStore>(&p->db);
    p->memberStore = std::make_unique<MemberStore>(&p->db);
    p->commentStore = std::make_unique<CommentStore>(&p->db);
    p->syncStateStore = std::make_unique<SyncStateStore>(&p->db);
    // Nobody is connected to a server that just started.
    p->memberStore->markAllOffline();
    p->live = std::make_unique<LiveRooms>(p->roomStore.get(), p->memberStore.get());
    if (!p->reactor.isValid()) {
        *error = QStringLiteral("cannot create the socket reactor (epoll)");
        return false;
    }
    p->hub = std::make_unique<RealtimeHub>(&m_config, &p->reactor, p->live.get(), &p->metrics);

    ServiceContext ctx {&m_config,
                        p->roomStore.get(),
                        p->memberStore.get(),
                        p->commentStore.get(),
                        p->syncStateStore.get(),
                        p->live.get(),
                        p->hub.get(),
                        &p->limiter,
                        &p->metrics};
    p->comments = std::make_unique<CommentService>(ctx);
    p->rooms = std::make_unique<RoomService>(ctx, p->comments.get());
    p->publisher = std::make_unique<StatePublisher>(ctx);
    p->supervisor = std::make_unique<PlaybackSupervisor>(ctx, p->publisher.get());
    p->playback = std::make_unique<PlaybackService>(ctx, p->publisher.get(), p->supervisor.get());
    p->members = std::make_unique<MemberService>(ctx);
    p->handler = std::make_unique<ChannelHandler>(
        p->hub.get(),
        ChannelHandler::Services {&m_config, p->live.get(), p->rooms.get(), p->playback.get(),
                                  p->members.get(), p->comments.get(), p->supervisor.get(),
                                  &p->metrics});
    p->hub->setHandler(p->handler.get());

    p->http = std::make_unique<HttpApi>(&m_config, &p->metrics);
    HttpApi *http = p->http.get();
    Parts *parts = p.get();
    auto bind = [](auto *service, auto method) {
        return [service, method](const QJsonObject &body, const Caller &caller) {
            return (service->*method)(body, caller);
        };
    };
    auto noCaller = [](auto *service, auto method) {
        return [service, method](const QJsonObject &body, const Caller &) {
            return (service->*method)(body);
        };
    };
    http->addFunction(QStringLiteral("rooms-create"),
                      bind(parts->rooms.get(), &RoomService::create));
    http->addFunction(QStringLiteral("rooms-join"), bind(parts->rooms.get(), &RoomService::join));
    http->addFunction(QStringLiteral("rooms-leave"), bind(parts->rooms.get(), &RoomService::leave));
    http->addFunction(QStringLiteral("rooms-delete"),
                      bind(parts->rooms.get(), &RoomService::remove));
    http->addFunction(QStringLiteral("rooms-list-public"),
                      noCaller(parts->rooms.get(), &RoomService::listPublic));
    http->addFunction(QStringLiteral("sync-control"),
                      bind(parts->playback.get(), &PlaybackService::control));
    http->addFunction(QStringLiteral("sync-get-host-time"),
                      bind(parts->playback.get(), &PlaybackService::hostTime));
    http->addFunction(QStringLiteral("comments-create"),
                      bind(parts->comments.get(), &CommentService::create));
    http->addFunction(QStringLiteral("comments-get-by-episode"),
                      noCaller(parts->comments.get(), &CommentService::byEpisode));
    http->addFunction(QStringLiteral("comments-get-history"),
                      noCaller(parts->comments.get(), &CommentService::history));
    http->addFunction(QStringLiteral("members-get-list"),
                      bind(parts->members.get(), &MemberService::list));
    http->addFunction(QStringLiteral("members-update-status"),
                      bind(parts->members.get(), &MemberService::updateStatus));
    http->addRpc(QStringLiteral("track_user_presence"),
                 bind(parts->members.get(), &MemberService::trackPresenceRpc));
    http->addRpc(QStringLiteral("get_room_sync_state"),
                 bind(parts->members.get(), &MemberService::roomSyncStateRpc));
    http->setBroadcastFallback([parts](const QJsonObject &body, const Caller &caller) {
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        if (messages.isEmpty() || messages.size() > 100)
            return Outcome::failure(400, QStringLiteral("invalid_request"),
                                    QStringLiteral("messages: 1 to 100 broadcast messages"));
        for (const QJsonValue &value : messages) {
            const QJsonObject m = value.toObject();
            const QString topic = m.value(QLatin1String("topic")).toString();
            const QString event = m.value(QLatin1String("event")).toString();
            const QJsonObject payload = m.value(QLatin1String("payload")).toObject();
            if (topic.isEmpty() || topic.size() > 255 || event.isEmpty() || event.size() > 255)
                return Outcome::failure(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("each message needs a topic and an event"));
            const QString roomId = protocol::topics::roomIdFromTopic(topic);
            if (!roomId.isEmpty()) {
                // Same rule as on the socket: only members speak in a room,
                // and playback is the host's.
                const auto auth = parts->live->authenticate(caller.token, roomId);
                if (const auto *error = std::get_if<ApiError>(&auth))
                    return Outcome::failure(*error);
                if (RoomEvents::isServerEvent(event))
                    return Outcome::failure(
                        403, QStringLiteral("reserved_event"),
                        QStringLiteral("%1 is sent by the server only").arg(event));
                if (PlaybackService::isControlEvent(event)) {
                    QJsonObject control = payload;
                    control.insert(QStringLiteral("action"), event);
                    const Outcome outcome = parts->playback->controlAs(
                        std::get<LiveRooms::Member>(auth), control, caller.ip);
                    if (!outcome.ok)
                        return outcome;
                    continue;
                }
            }
            parts->hub->fanout(RealtimeHub::broadcastMessage(
                QStringLiteral("realtime:") + protocol::topics::channelName(topic), event,
                payload));
        }
        return Outcome::success({{QStringLiteral("accepted"), true}});
    });
    http->setHealth([parts] {
        const bool reachable = parts->db.isReachable();
        QJsonObject health {
            {QStringLiteral("status"),
             reachable ? QStringLiteral("ok") : QStringLiteral("degraded")},
            {QStringLiteral("store"),
             QJsonObject {{QStringLiteral("reachable"), reachable},
                          {QStringLiteral("backend"),
                           parts->db.dialect() == SqlDialect::Sqlite
                               ? QStringLiteral("sqlite")
                               : QStringLiteral("postgres")}}},
            {QStringLiteral("rooms"), reachable ? parts->roomStore->count() : -1},
            {QStringLiteral("live_rooms"), parts->live->roomCount()},
            {QStringLiteral("connections"), parts->hub->connectionCount()},
            {QStringLiteral("uptime_seconds"), double(parts->uptime.elapsed()) / 1000.0},
            {QStringLiteral("version"), QStringLiteral(WATCHIUM_VERSION)}};
        return QJsonDocument(health).toJson(QJsonDocument::Compact);
    });
    p->metrics.setGauge(QStringLiteral("watchium_connections"),
                        QStringLiteral("Open Realtime sockets."),
                        [parts] { return double(parts->hub->connectionCount()); });
    p->metrics.setGauge(QStringLiteral("watchium_rooms_live"),
                        QStringLiteral("Rooms held in memory (in use)."),
                        [parts] { return double(parts->live->roomCount()); });
    p->metrics.setGauge(QStringLiteral("watchium_members_online"),
                        QStringLiteral("Members with at least one open socket."),
                        [this] { return double(audience().members); });

    // Upgrades to any other path reach Qt's HTTP server, which completes them; say why they end.
    connect(http, &QAbstractHttpServer::newWebSocketConnection, this, [parts] {
        while (parts->http->hasPendingWebSocketConnections()) {
            // Parented, so that a socket whose peer never finishes the close goes with the
            // server rather than leak (LeakSanitizer found it at the end of tst_realtime).
            QWebSocket *socket = parts->http->nextPendingWebSocketConnection().release();
            socket->setParent(parts->http.get());
            socket->close(
                QWebSocketProtocol::CloseCodePolicyViolated,
                QStringLiteral("no WebSocket endpoint at %1").arg(socket->requestUrl().path()));
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });

    auto *tcp = new SharedPort(QByteArrayLiteral("/realtime/v1/websocket"), http);
    connect(tcp, &SharedPort::webSocketConnection, parts->hub.get(), &RealtimeHub::adopt);
    if (!tcp->listen(m_config.host, m_config.port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_config.host.toString())
                     .arg(m_config.port)
                     .arg(tcp->errorString());
        return false;
    }
    http->bind(tcp);
    m_port = tcp->serverPort();

    p->persistTimer.setInterval(m_config.persistIntervalMs);
    connect(&p->persistTimer, &QTimer::timeout, this, [parts] {
        parts->members->expireSilent(ServiceContext::now());
        parts->live->flushPresence();
    });
    p->persistTimer.start();
    p->cleanup = std::make_unique<Cleanup>(ctx, p->rooms.get());
    m_parts = std::move(p);
    m_parts->cleanup->start();
    qCInfo(lcServer) << "serving on" << url().toString() << "with" << m_parts->db.description();
    return true;
}

void Server::stop()
{
    if (!m_parts)
        return;
    m_parts->persistTimer.stop();
    m_parts->supervisor.reset();
    m_parts->hub->shutdown();
    m_parts->live->flushPresence();
    m_parts->memberStore->markAllOffline();
    // Destruction order matters: sockets and services before the store.
    m_parts->http.reset();
    m_parts->cleanup.reset();
    m_parts->hub.reset();
    m_parts->handler.reset();
    m_parts.reset();
}

quint16 Server::port() const
{
    return m_port;
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.host.toString());
    url.setPort(m_port);
    return url;
}

Metrics *Server::metrics() const
{
    return m_parts ? &m_parts->metrics : nullptr;
}

Cleanup *Server::cleanup() const
{
    return m_parts ? m_parts->cleanup.get() : nullptr;
}

int Server::connectionCount() const
{
    return m_parts ? m_parts->hub->connectionCount() : 0;
}

Server::Audience Server::audience(const QString &exceptUserId) const
{
    Audience audience;
    if (!m_parts)
        return audience;
    for (LiveRoom *room : m_parts->live->all()) {
        int online = 0;
        for (auto it = room->connections.cbegin(); it != room->connections.cend(); ++it)
            online += it.value() > 0 && it.key() != exceptUserId ? 1 : 0;
        if (online == 0)
            continue;
        audience.roomTitles.append(room->room.title);
        audience.members += online;
    }
    return audience;
}

void Server::closeRoom(const QString &roomId, const QString &reason)
{
    if (m_parts)
        m_parts->rooms->closeRoom(roomId, reason);
}

void Server::closeAllRooms(const QString &reason)
{
    if (!m_parts)
        return;
    QStringList roomIds;
    for (const LiveRoom *room : m_parts->live->all())
        roomIds.append(room->room.roomId);
    // By id: closing a room frees its LiveRoom.
    for (const QString &roomId : std::as_const(roomIds))
        m_parts->rooms->closeRoom(roomId, reason);
}

} // namespace watchium::server
