#include "ServerMode.h"

#include "nat/PortMapper.h"
#include "OpenFileLimit.h"
#include "Server.h"
#include "SignalWatcher.h"
#include "tls/TlsContext.h"
#include "tls/TlsCredentials.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace watchium::app::ServerMode {

namespace {

// A whole-number option: its name, what --help says, the smallest value that makes sense, and
// where it goes in the configuration.
struct IntOption
{
    const char *name;
    const char *description;
    qint64 min;
    void (*apply)(server::ServerConfig &config, qint64 value);
};

const IntOption kIntOptions[] = {
    {"sync-tolerance-ms", "Offset within which a member counts as in sync (default 2000).", 0,
     [](server::ServerConfig &c, qint64 v) {
         c.syncToleranceMs = int(v);
     }},
    {"host-grace-ms", "How long a disconnected host keeps the role (default 30000).", 0,
     [](server::ServerConfig &c, qint64 v) {
         c.hostGraceMs = int(v);
     }},
    {"cleanup-interval-ms", "How often cleanup runs (default 600000).", 10,
     [](server::ServerConfig &c, qint64 v) {
         c.cleanupIntervalMs = int(v);
     }},
    {"room-idle-ms", "Rooms idle this long are deleted (default 86400000, 24 h).", 0,
     [](server::ServerConfig &c, qint64 v) {
         c.roomIdleMs = v;
     }},
    {"sync-state-retention-ms", "Sync history older than this is deleted (default 6 h).", 0,
     [](server::ServerConfig &c, qint64 v) {
         c.syncStateRetentionMs = v;
     }},
    {"stale-member-ms", "Members offline this long leave their room (default 2 h).", 0,
     [](server::ServerConfig &c, qint64 v) {
         c.staleMemberMs = v;
     }},
    {"persist-interval-ms", "Batch window for presence writes (default 1000).", 10,
     [](server::ServerConfig &c, qint64 v) {
         c.persistIntervalMs = int(v);
     }},
    {"presence-timeout-ms",
     "A member whose presence stops this long shows offline (default 10000).", 10,
     [](server::ServerConfig &c, qint64 v) {
         c.presenceTimeoutMs = int(std::min<qint64>(v, 3'600'000));
     }},
    {"presence-batch-ms",
     "A room's presence joins and leaves within this window reach its members in one frame "
     "(default 250, at most 2000; 0 sends every change at once).",
     0,
     [](server::ServerConfig &c, qint64 v) {
         c.presenceBatchMs = int(std::min<qint64>(v, 2000));
     }},
    {"presence-update-ms",
     "A room's presence updates (members reporting again) within this window reach its "
     "members in one frame (default 1000, at most 3000, at least --presence-batch-ms).",
     0,
     [](server::ServerConfig &c, qint64 v) {
         c.presenceUpdateBatchMs = int(std::min<qint64>(v, 3000));
     }},
    {"write-threads",
     "Threads that write frames to plain sockets beside the serving thread (default 1 on a "
     "machine with two cores or more, 0 on one; at most 8; 0 writes on the serving thread).",
     0,
     [](server::ServerConfig &c, qint64 v) {
         c.writeThreads = int(std::min<qint64>(v, 8));
     }},
    {"group-wait-ms",
     "Longest a room pauses for members whose video loads or buffers before it goes on "
     "without them (default 10000; hosts can turn waiting off per room).",
     0,
     [](server::ServerConfig &c, qint64 v) {
         c.groupWaitTimeoutMs = int(v);
     }},
    {"auto-advance-ms",
     "Countdown everyone sees at the end of an episode before auto-advance plays the next "
     "one of the queue (default 10000).",
     0,
     [](server::ServerConfig &c, qint64 v) {
         c.autoAdvanceCountdownMs = int(std::min<qint64>(v, 600'000));
     }},
    {"max-connections", "Open connections the server takes in all (default 20000).", 1,
     [](server::ServerConfig &c, qint64 v) {
         c.maxConnections = int(std::min<qint64>(v, 1'000'000));
     }},
    {"max-connections-per-ip",
     "Open connections from one IPv4 address or IPv6 /64 (default 64; loopback included).", 1,
     [](server::ServerConfig &c, qint64 v) {
         c.maxConnectionsPerIp = int(std::min<qint64>(v, 1'000'000));
     }},
    {"max-pending-per-ip",
     "Connections from one address still sending their first request (default 16).", 1,
     [](server::ServerConfig &c, qint64 v) {
         c.maxPendingPerIp = int(std::min<qint64>(v, 1'000'000));
     }},
};

bool readInt(const QCommandLineParser &parser, const char *name, qint64 min, qint64 *value)
{
    const QString option = QString::fromLatin1(name);
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const qint64 parsed = parser.value(option).toLongLong(&ok);
    if (!ok || parsed < min) {
        std::fprintf(stderr, "watchium: --%s needs a whole number >= %lld\n", name,
                     static_cast<long long>(min));
        return false;
    }
    *value = parsed;
    return true;
}

// Prints each outcome on stdout, like the "listening on" line: operators and scripts read it.
std::unique_ptr<server::PortMapper> startPortMapper(quint16 port)
{
    server::PortMapper::Options options;
    options.port = port;
    auto mapper = std::make_unique<server::PortMapper>(options);
    QObject::connect(mapper.get(), &server::PortMapper::mappingChanged, mapper.get(),
                     [](const server::PortMapping &m) {
                         if (m.state == server::PortMapping::State::Mapped && m.renewals == 0) {
                             std::printf("port mapping: http://%s:%u via %s, lease %d s\n",
                                         qPrintable(m.externalAddress.toString()), m.externalPort,
                                         server::PortMapping::methodName(m.method), m.leaseSeconds);
                         } else if (m.state == server::PortMapping::State::Failed) {
                             std::printf("port mapping failed: %s\n", qPrintable(m.error));
                         }
                         std::fflush(stdout);
                     });
    mapper->start();
    return mapper;
}

// Operators compare the fingerprint with what clients see (and pin).
void printCertificate(const char *what, const server::TlsCredentials &tls)
{
    const auto context = tls.context();
    std::printf("%s %s, SHA-256 %s, valid until %s\n", what, qPrintable(tls.certificateFile()),
                context->sha256().toHex(':').constData(),
                qPrintable(context->notAfter().toString(Qt::ISODate)));
}

} // namespace

void addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("server"), QStringLiteral("Run the headless server.")});
    parser.addOption({QStringLiteral("host"),
                      QStringLiteral("Server: address to listen on (default 127.0.0.1)."),
                      QStringLiteral("addr")});
    parser.addOption({QStringLiteral("port"),
                      QStringLiteral("Server: port to listen on; 0 picks a free one "
                                     "(default 8787)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("data-dir"),
                      QStringLiteral("Server: directory of the SQLite store (default: the "
                                     "application data directory)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("database"),
                      QStringLiteral("Server: use PostgreSQL, "
                                     "postgres://user:pass@host:port/db, instead of SQLite."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("anon-key"),
                      QStringLiteral("Server: require this apikey from clients (as supabase-js "
                                     "sends it)."),
                      QStringLiteral("key")});
    parser.addOption({QStringLiteral("tls-cert"),
                      QStringLiteral("Server: serve https and wss with this PEM certificate chain "
                                     "(leaf first); needs --tls-key. SIGHUP reloads both files."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("tls-key"),
                      QStringLiteral("Server: the PEM private key (unencrypted) of --tls-cert."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("map-port"),
         QStringLiteral("Server: ask the router to forward the port from the "
                        "internet (UPnP-IGD, else PCP or NAT-PMP), renew it while running "
                        "and remove it on exit; prints the public address it got. "
                        "Needs --host 0.0.0.0 or a LAN address.")});
    parser.addOption(
        {QStringLiteral("trusted-proxy"),
         QStringLiteral("Server: connections from this balancer (an address, or address/prefix; "
                        "repeat for more) start with a PROXY protocol header (HAProxy's "
                        "send-proxy or send-proxy-v2) naming the client, whose address the caps "
                        "and rate limits then count. Others are served as usual."),
         QStringLiteral("addr")});
    parser.addOption(
        {QStringLiteral("no-rate-limits"),
         QStringLiteral("Server: disable rate limits and the per-address connection caps "
                        "(benchmarks only).")});
    for (const IntOption &o : kIntOptions) {
        const QString name = QString::fromLatin1(o.name);
        // Durations are named …-ms; the rest are counts.
        parser.addOption(
            {name, QStringLiteral("Server: ") + QString::fromLatin1(o.description),
             name.endsWith(QLatin1String("-ms")) ? QStringLiteral("ms") : QStringLiteral("n")});
    }
}

int run(const QCommandLineParser &parser)
{
    server::ServerConfig config;
    if (parser.isSet(QStringLiteral("host"))) {
        const QString host = parser.value(QStringLiteral("host"));
        if (!config.host.setAddress(host)) {
            std::fprintf(stderr, "watchium: --host needs an IP address, got %s\n",
                         qPrintable(host));
            return 2;
        }
    }
    qint64 port = config.port;
    if (!readInt(parser, "port", 0, &port) || port > 65535) {
        if (port > 65535)
            std::fprintf(stderr, "watchium: --port must be at most 65535\n");
        return 2;
    }
    config.port = quint16(port);
    config.dataDir = parser.value(QStringLiteral("data-dir"));
    config.databaseUrl = parser.value(QStringLiteral("database"));
    config.anonKey = parser.value(QStringLiteral("anon-key"));
    config.tlsCertificateFile = parser.value(QStringLiteral("tls-cert"));
    config.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
    if (config.tlsCertificateFile.isEmpty() != config.tlsKeyFile.isEmpty()) {
        std::fprintf(stderr, "watchium: --tls-cert and --tls-key go together: give both\n");
        return 2;
    }
    for (const QString &proxy : parser.values(QStringLiteral("trusted-proxy"))) {
        auto subnet = QHostAddress::parseSubnet(proxy);
        if (subnet.first.isNull()) {
            std::fprintf(stderr,
                         "watchium: --trusted-proxy needs an address or address/prefix, got %s\n",
                         qPrintable(proxy));
            return 2;
        }
        config.trustedProxies.append(subnet);
    }
    config.rateLimits = !parser.isSet(QStringLiteral("no-rate-limits"));
    const bool mapPort = parser.isSet(QStringLiteral("map-port"));
    if (mapPort && config.host.isLoopback()) {
        std::fprintf(stderr,
                     "watchium: --map-port needs --host 0.0.0.0 (or this computer's LAN "
                     "address): a router cannot forward to loopback\n");
        return 2;
    }

    for (const IntOption &o : kIntOptions) {
        qint64 value = 0;
        if (!readInt(parser, o.name, o.min, &value))
            return 2;
        if (parser.isSet(QString::fromLatin1(o.name)))
            o.apply(config, value);
    }

    raiseOpenFileLimit();
    server::Server server(config);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "watchium: %s\n", qPrintable(error));
        return 1;
    }
    // Scripts and tests wait for exactly this line.
    std::printf("listening on %s\n", qPrintable(server.url().toString()));
    if (server.tlsCredentials())
        printCertificate("tls: certificate", *server.tlsCredentials());
    std::fflush(stdout);

    std::unique_ptr<server::PortMapper> mapper;
    if (mapPort)
        mapper = startPortMapper(server.port());

    SignalWatcher signals;
    if (server.tlsCredentials()) {
        signals.watchReload();
        QObject::connect(&signals, &SignalWatcher::reloadRequested, &server, [&server] {
            QString reloadError;
            if (server.reloadTls(&reloadError)) {
                printCertificate("tls: reloaded certificate", *server.tlsCredentials());
            } else {
                std::fprintf(stderr,
                             "watchium: TLS reload failed, the previous certificate "
                             "stays: %s\n",
                             qPrintable(reloadError));
            }
            std::fflush(stdout);
        });
    }
    QObject::connect(&signals, &SignalWatcher::terminationRequested, qApp, [&](int) {
        // The mapping goes first, while the router is surely still reachable.
        mapper.reset();
        server.stop();
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}

} // namespace watchium::app::ServerMode
