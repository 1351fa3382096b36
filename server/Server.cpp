#include "Server.h"

#include "protocol/Paths.h"

#include "cluster/ClusterBus.h"
#include "cluster/ClusterPublisher.h"
#include "cluster/ClusterReceiver.h"
#include "cluster/ClusterWatch.h"
#include "http/HttpApi.h"
#include "net/HttpListener.h"
#include "net/Reactor.h"
#include "ops/Cleanup.h"
#include "ops/LoopLag.h"
#include "ops/Metrics.h"
#include "ops/RateLimiter.h"
#include "realtime/ChannelHandler.h"
#include "realtime/HttpBroadcast.h"
#include "realtime/RealtimeHub.h"
#include "rooms/CommentService.h"
#include "rooms/LiveRooms.h"
#include "rooms/MemberService.h"
#include "rooms/PlaybackService.h"
#include "rooms/PlaybackSupervisor.h"
#include "rooms/QueueService.h"
#include "rooms/ReactionService.h"
#include "rooms/RoomService.h"
#include "rooms/StatePublisher.h"
#include "store/CommentStore.h"
#include "store/Database.h"
#include "store/KeyGuessStore.h"
#include "store/MemberStore.h"
#include "store/QueueStore.h"
#include "store/RoomStore.h"
#include "store/SyncStateStore.h"
#include "tls/TlsCredentials.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

#include <limits>

Q_LOGGING_CATEGORY(lcServer, "watchium.server")

namespace watchium::server {

namespace {

// Presence rows written per event-loop turn: about 4 ms of SQLite writes on this machine.
constexpr int kPresenceRowsPerTurn = 256;

// On PostgreSQL every row is a round trip, so 256 of them take ~100 ms; shares then left the
// sockets only short gaps between long waits, and control p99 at 4,000 members rose from
// 270-360 to 590-940 ms. There the rows are still written in one go until the store's writes
// leave the serving thread.
int presenceRowsPerTurn(const Database &db)
{
    return db.dialect() == SqlDialect::Sqlite ? kPresenceRowsPerTurn
                                              : std::numeric_limits<int>::max();
}

} // namespace

struct Server::Parts
{
    Database db;
    std::unique_ptr<RoomStore> roomStore;
    std::unique_ptr<MemberStore> memberStore;
    std::unique_ptr<CommentStore> commentStore;
    std::unique_ptr<SyncStateStore> syncStateStore;
    std::unique_ptr<KeyGuessStore> keyGuessStore;
    std::unique_ptr<QueueStore> queueStore;
    RateLimiter limiter;
    Metrics metrics;
    // Nodes sharing the PostgreSQL database (null for SQLite, or cluster off).
    std::unique_ptr<ClusterBus> bus;
    // Before the hub: its sockets leave the reactor when they go.
    std::unique_ptr<Reactor> reactor = Reactor::create();
    std::unique_ptr<LiveRooms> live;
    // PostgreSQL only: presence rows on a thread and connection of their own.
    std::unique_ptr<PresenceWriter> presenceWriter;
    std::unique_ptr<LoopLagProbe> loopLag = std::make_unique<LoopLagProbe>();
    std::unique_ptr<RealtimeHub> hub;
    std::unique_ptr<ClusterPublisher> clusterPublisher;
    std::unique_ptr<CommentService> comments;
    std::unique_ptr<RoomService> rooms;
    std::unique_ptr<StatePublisher> publisher;
    std::unique_ptr<PlaybackSupervisor> supervisor;
    std::unique_ptr<PlaybackService> playback;
    std::unique_ptr<QueueService> queue;
    std::unique_ptr<MemberService> members;
    std::unique_ptr<ReactionService> reactions;
    std::unique_ptr<HttpBroadcast> broadcast;
    std::unique_ptr<ChannelHandler> handler;
    std::unique_ptr<ClusterReceiver> clusterReceiver;
    std::unique_ptr<ClusterWatch> clusterWatch;
    std::unique_ptr<HttpApi> http;
    // After the API it calls and the hub it hands sockets to: destroyed before them.
    std::unique_ptr<HttpListener> listener;
    std::unique_ptr<Cleanup> cleanup;
    QTimer persistTimer;
    // Writes the presence rows a persist tick found dirty a share per event-loop turn.
    QTimer presenceDrain;
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
    // First: a certificate that does not load is the operator's mistake, told before anything
    // else starts.
    if (!m_config.tlsCertificateFile.isEmpty() || !m_config.tlsKeyFile.isEmpty()) {
        m_tls = TlsCredentials::load(m_config.tlsCertificateFile, m_config.tlsKeyFile, error);
        if (!m_tls)
            return false;
    }
    auto p = std::make_unique<Parts>();
    p->uptime.start();
    if (!p->db.open(m_config.dataDir, m_config.databaseUrl, error))
        return false;
    p->roomStore = std::make_unique<RoomStore>(&p->db);
    p->memberStore = std::make_unique<MemberStore>(&p->db);
    p->commentStore = std::make_unique<CommentStore>(&p->db);
    p->syncStateStore = std::make_unique<SyncStateStore>(&p->db);
    p->keyGuessStore = std::make_unique<KeyGuessStore>(&p->db);
    p->queueStore = std::make_unique<QueueStore>(&p->db);
    const bool cluster = m_config.cluster && p->db.dialect() == SqlDialect::Postgres;
    // Nobody is connected to a server that just started; in a cluster, the other nodes' members
    // are, and a node that died is the others' to settle (ClusterWatch).
    if (!cluster)
        p->memberStore->markAllOffline();
    p->live = std::make_unique<LiveRooms>(p->roomStore.get(), p->memberStore.get());
    if (p->db.dialect() == SqlDialect::Postgres) {
        // Each statement is a round trip there, and a second's presence rows held the sockets'
        // thread for tens of milliseconds; on SQLite a write is a function call (and a second
        // writer would only wait for the first's lock), so the serving thread writes shares.
        p->presenceWriter = std::make_unique<PresenceWriter>(m_config.databaseUrl);
        QString why;
        if (p->presenceWriter->start(&why)) {
            p->live->setPresenceWriter(p->presenceWriter.get());
        } else {
            qCWarning(lcServer) << "presence rows are written on the serving thread:" << why;
            p->presenceWriter.reset();
        }
    }
    if (!p->reactor->isValid()) {
        *error = QStringLiteral("cannot create the socket reactor (%1)")
                     .arg(Reactor::nameOf(p->reactor->backend()));
        return false;
    }
    p->hub = std::make_unique<RealtimeHub>(&m_config, p->reactor.get(), p->live.get(), &p->metrics);
    RoomEvents *events = p->hub.get();
    if (cluster) {
        p->bus = std::make_unique<ClusterBus>(&p->db);
        if (!p->bus->start(error))
            return false;
        p->clusterPublisher = std::make_unique<ClusterPublisher>(p->hub.get(), p->bus.get());
        p->hub->setPeerRelay(p->clusterPublisher.get());
        events = p->clusterPublisher.get();
    }

    ServiceContext ctx {&m_config,
                        p->roomStore.get(),
                        p->memberStore.get(),
                        p->commentStore.get(),
                        p->syncStateStore.get(),
                        p->live.get(),
                        events,
                        &p->limiter,
                        &p->metrics,
                        &p->db,
                        p->keyGuessStore.get()};
    p->comments = std::make_unique<CommentService>(ctx);
    p->rooms = std::make_unique<RoomService>(ctx, p->comments.get());
    p->publisher = std::make_unique<StatePublisher>(ctx);
    p->supervisor = std::make_unique<PlaybackSupervisor>(ctx, p->publisher.get());
    p->playback = std::make_unique<PlaybackService>(ctx, p->publisher.get(), p->supervisor.get());
    p->queue = std::make_unique<QueueService>(ctx, p->queueStore.get(), p->publisher.get(),
                                              p->comments.get());
    p->playback->setQueue(p->queue.get());
    p->rooms->setQueue(p->queue.get());
    QObject::connect(p->supervisor.get(), &PlaybackSupervisor::videoEnded, p->queue.get(),
                     &QueueService::videoEnded);
    p->members = std::make_unique<MemberService>(ctx);
    p->reactions = std::make_unique<ReactionService>(ctx);
    p->broadcast =
        std::make_unique<HttpBroadcast>(ctx, p->playback.get(), p->reactions.get(), p->hub.get());
    p->handler = std::make_unique<ChannelHandler>(
        p->hub.get(),
        ChannelHandler::Services {&m_config, p->live.get(), p->rooms.get(), p->playback.get(),
                                  p->members.get(), p->comments.get(), p->supervisor.get(),
                                  &p->metrics, p->reactions.get(), p->queue.get()});
    p->hub->setHandler(p->handler.get());
    if (cluster) {
        p->handler->setRefPrefix(p->bus->nodeId().left(8) + QLatin1Char('-'));
        p->clusterReceiver = std::make_unique<ClusterReceiver>(
            p->bus.get(), p->clusterPublisher.get(), p->hub.get(), p->live.get(), p->rooms.get());
        p->clusterWatch =
            std::make_unique<ClusterWatch>(p->bus.get(), p->hub.get(), p->live.get(),
                                           p->rooms.get(), m_config.clusterNodeTimeoutMs);
        p->clusterReceiver->greet();
    }

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
    // Reads need no token, so they are bounded per address; `cost` is what one call weighs
    // (history aggregates over every comment of its filter).
    auto read = [ctx](int cost, HttpApi::Function function) {
        return [ctx, cost, function](const QJsonObject &body, const Caller &caller) {
            if (auto limited = ctx.limit(RateLimiter::Kind::Reads, {}, caller.ip, cost))
                return Outcome::failure(*limited);
            return function(body, caller);
        };
    };
    http->addFunction(QStringLiteral("rooms-create"),
                      bind(parts->rooms.get(), &RoomService::create));
    http->addFunction(QStringLiteral("rooms-join"), bind(parts->rooms.get(), &RoomService::join));
    http->addFunction(QStringLiteral("rooms-leave"), bind(parts->rooms.get(), &RoomService::leave));
    http->addFunction(QStringLiteral("rooms-delete"),
                      bind(parts->rooms.get(), &RoomService::remove));
    http->addFunction(QStringLiteral("rooms-list-public"),
                      read(1, noCaller(parts->rooms.get(), &RoomService::listPublic)));
    http->addFunction(QStringLiteral("sync-control"),
                      bind(parts->playback.get(), &PlaybackService::control));
    http->addFunction(QStringLiteral("sync-get-host-time"),
                      read(1, bind(parts->playback.get(), &PlaybackService::hostTime)));
    http->addFunction(QStringLiteral("comments-create"),
                      bind(parts->comments.get(), &CommentService::create));
    http->addFunction(QStringLiteral("comments-get-by-episode"),
                      read(2, bind(parts->comments.get(), &CommentService::byEpisode)));
    http->addFunction(QStringLiteral("comments-get-history"),
                      read(10, bind(parts->comments.get(), &CommentService::history)));
    http->addFunction(QStringLiteral("members-get-list"),
                      read(1, bind(parts->members.get(), &MemberService::list)));
    http->addFunction(QStringLiteral("members-update-status"),
                      bind(parts->members.get(), &MemberService::updateStatus));
    http->addRpc(QStringLiteral("track_user_presence"),
                 bind(parts->members.get(), &MemberService::trackPresenceRpc));
    http->addRpc(QStringLiteral("get_room_sync_state"),
                 read(1, bind(parts->members.get(), &MemberService::roomSyncStateRpc)));
    http->setBroadcastFallback(bind(parts->broadcast.get(), &HttpBroadcast::send));
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
    p->metrics.setGauge(QStringLiteral("watchium_socket_frames_coalesced"),
                        QStringLiteral("Frames held for their socket's one write per turn, "
                                       "since start."),
                        [parts] { return double(parts->hub->coalescer().held()); });
    p->metrics.setGauge(QStringLiteral("watchium_socket_coalesced_writes"),
                        QStringLiteral("Writes that carried them, since start."),
                        [parts] { return double(parts->hub->coalescer().flushes()); });
    if (const OffThreadWrites *offThread = p->hub->coalescer().offThread()) {
        p->metrics.setGauge(QStringLiteral("watchium_socket_writes_off_thread"),
                            QStringLiteral("Coalesced writes handed to a write thread, since "
                                           "start."),
                            [offThread] { return double(offThread->handed()); });
        p->metrics.setGauge(QStringLiteral("watchium_socket_writes_off_thread_partial"),
                            QStringLiteral("Of those, writes the kernel did not take whole (the "
                                           "rest waited for writability), since start."),
                            [offThread] { return double(offThread->partial()); });
    }
    p->metrics.setGauge(
        QStringLiteral("watchium_presence_changes"),
        QStringLiteral("Presence joins, updates and leaves fanned out, since start."),
        [parts] { return double(parts->hub->presenceDiffs().changes()); });
    p->metrics.setGauge(QStringLiteral("watchium_presence_diffs"),
                        QStringLiteral("presence_diff frames that carried them (one per topic and "
                                       "window), since start."),
                        [parts] { return double(parts->hub->presenceDiffs().diffs()); });
    {
        const LoopLagProbe *lag = p->loopLag.get();
        p->metrics.setGauge(QStringLiteral("watchium_event_loop_lag_max_seconds"),
                            QStringLiteral("The serving thread's largest delay of a 50 ms timer "
                                           "in the last minute: how long one event held every "
                                           "socket."),
                            [lag] { return lag->tally().recentMax(lag->nowMs()) / 1000.0; });
        p->metrics.setGauge(QStringLiteral("watchium_event_loop_stalls"),
                            QStringLiteral("Times the serving thread was held 50 ms or more, "
                                           "since start."),
                            [lag] { return double(lag->tally().stalls()); });
        p->metrics.setGauge(QStringLiteral("watchium_event_loop_long_stalls"),
                            QStringLiteral("Times the serving thread was held 250 ms or more, "
                                           "since start."),
                            [lag] { return double(lag->tally().longStalls()); });
    }
    if (PresenceWriter *writer = p->presenceWriter.get()) {
        p->metrics.setGauge(QStringLiteral("watchium_presence_rows_written"),
                            QStringLiteral("Presence rows the writer thread stored, since start."),
                            [writer] { return double(writer->rowsWritten()); });
        p->metrics.setGauge(QStringLiteral("watchium_presence_rows_retried"),
                            QStringLiteral("Presence rows held by another transaction and "
                                           "written again, since start."),
                            [writer] { return double(writer->rowsRetried()); });
        p->metrics.setGauge(QStringLiteral("watchium_presence_rows_dropped"),
                            QStringLiteral("Presence rows not written: the member's row was gone "
                                           "or the store refused, since start."),
                            [writer] { return double(writer->rowsDropped()); });
    }
    if (p->db.dialect() == SqlDialect::Postgres) {
        p->metrics.setGauge(QStringLiteral("watchium_store_reopens"),
                            QStringLiteral("Times the store's lost PostgreSQL connection was "
                                           "opened again, since start."),
                            [parts] { return double(parts->db.reopens()); });
    }
    if (ClusterBus *bus = p->bus.get()) {
        // Counts since start, as gauges (the registry's counters are its own); the queue's use
        // is NOTIFY's saturation: at 1.0 every NOTIFY in the community fails.
        p->metrics.setGauge(QStringLiteral("watchium_cluster_envelopes_published"),
                            QStringLiteral("Envelopes this node sent to the others since start."),
                            [bus] { return double(bus->published()); });
        p->metrics.setGauge(QStringLiteral("watchium_cluster_notifies"),
                            QStringLiteral("NOTIFY payloads that carried them (as many envelopes "
                                           "as fit one), since start."),
                            [bus] { return double(bus->notifies()); });
        p->metrics.setGauge(QStringLiteral("watchium_cluster_envelopes_received"),
                            QStringLiteral("Envelopes this node got from the others since start."),
                            [bus] { return double(bus->received()); });
        p->metrics.setGauge(QStringLiteral("watchium_cluster_envelopes_spilled"),
                            QStringLiteral("Envelopes over NOTIFY's limit, sent as a row."),
                            [bus] { return double(bus->spilled()); });
        p->metrics.setGauge(QStringLiteral("watchium_cluster_notify_queue_usage"),
                            QStringLiteral("PostgreSQL's NOTIFY queue in use, 0 to 1."),
                            [bus] { return bus->queueUsage(); });
        p->metrics.setGauge(QStringLiteral("watchium_cluster_listener_restores"),
                            QStringLiteral("Times the listening connection was lost and opened "
                                           "again (the node then caught up), since start."),
                            [bus] { return double(bus->listenerRestores()); });
    }
    p->metrics.setGauge(QStringLiteral("watchium_members_online"),
                        QStringLiteral("Members with at least one open socket."),
                        [this] { return double(audience().members); });

    HttpListener::Limits limits;
    const int perIp = m_config.rateLimits ? m_config.maxConnectionsPerIp : m_config.maxConnections;
    limits.connections = {m_config.maxConnections, perIp,
                          m_config.rateLimits ? m_config.maxPendingPerIp : perIp};
    limits.http.request.maxBodyBytes = HttpApi::kMaxBodyBytes;
    limits.http.headerTimeoutMs = m_config.httpHeaderTimeoutMs;
    limits.http.bodyTimeoutMs = m_config.httpBodyTimeoutMs;
    limits.http.idleTimeoutMs = m_config.httpIdleTimeoutMs;
    limits.trustedProxies = m_config.trustedProxies;
    HttpConnection::Endpoints endpoints;
    endpoints.service = http;
    endpoints.webSocketPath = QByteArray(protocol::paths::kRealtimeSocket.data(),
                                         protocol::paths::kRealtimeSocket.size());
    endpoints.webSocket = [hub = p->hub.get()](std::unique_ptr<ByteStream> stream,
                                               QByteArray received) {
        hub->takeUpgrade(std::move(stream), std::move(received));
    };
    p->listener = std::make_unique<HttpListener>(p->reactor.get(), limits, endpoints, &p->metrics);
    p->listener->setTls(m_tls.get());
    if (!p->listener->listen(m_config.host, m_config.port, error)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(m_config.host.toString())
                     .arg(m_config.port)
                     .arg(*error);
        return false;
    }
    m_port = p->listener->port();

    p->persistTimer.setInterval(m_config.persistIntervalMs);
    connect(&p->persistTimer, &QTimer::timeout, this, [parts] {
        parts->members->expireSilent(ServiceContext::now());
        parts->live->queuePresence();
        if (!parts->presenceDrain.isActive())
            parts->presenceDrain.start();
    });
    // A second's presence of 10,000 members is ~3,300 rows, 35-55 ms of store writes: in one
    // go they held every control that arrived meanwhile (the p99 of scenario (a)). A share per
    // turn (a few ms) lets the sockets be served between shares.
    p->presenceDrain.setSingleShot(true);
    p->presenceDrain.setInterval(0);
    connect(&p->presenceDrain, &QTimer::timeout, this, [parts] {
        if (parts->live->writeQueuedPresence(presenceRowsPerTurn(parts->db)) > 0)
            parts->presenceDrain.start();
    });
    p->persistTimer.start();
    p->cleanup = std::make_unique<Cleanup>(ctx, p->rooms.get());
    m_parts = std::move(p);
    m_parts->cleanup->start();
    m_parts->loopLag->begin();
    qCInfo(lcServer) << "serving on" << url().toString() << "with" << m_parts->db.description()
                     << "(sockets:" << Reactor::nameOf(m_parts->reactor->backend()) << ")";
    return true;
}

void Server::stop()
{
    if (!m_parts)
        return;
    m_parts->persistTimer.stop();
    m_parts->presenceDrain.stop();
    m_parts->supervisor.reset();
    m_parts->hub->shutdown();
    m_parts->live->flushPresence();
    if (m_parts->presenceWriter) {
        // Its last rows land before anything below marks members offline.
        m_parts->presenceWriter->stop();
        m_parts->live->setPresenceWriter(nullptr);
    }
    if (m_parts->bus) {
        // The others act for this node's members as for a node that died, without the wait.
        m_parts->clusterWatch.reset();
        m_parts->clusterReceiver.reset();
        m_parts->clusterPublisher->flushPresence();
        m_parts->bus->stop();
    } else {
        m_parts->memberStore->markAllOffline();
    }
    // Destruction order matters: sockets and services before the store.
    m_parts->listener.reset();
    m_parts->http.reset();
    m_parts->cleanup.reset();
    m_parts->hub.reset();
    m_parts->handler.reset();
    m_parts->clusterPublisher.reset();
    m_parts.reset();
}

quint16 Server::port() const
{
    return m_port;
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
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

bool Server::reloadTls(QString *error)
{
    if (!m_tls) {
        *error = QStringLiteral("the server was started without TLS");
        return false;
    }
    return m_tls->reload(error);
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
