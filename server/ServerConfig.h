#pragma once

#include <QHostAddress>
#include <QString>

namespace watchium::server {

// Everything `watchium --server` can be told. Defaults follow the seeds
// (2 s sync tolerance, 3 s presence, 24 h idle rooms, 6 h sync history).
struct ServerConfig
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8787;
    QString dataDir; // SQLite file lives here; empty = QStandardPaths app data
    QString databaseUrl; // postgres://user:pass@host:port/db; empty = SQLite
    // With PostgreSQL, every node on the same database serves the same community (see
    // docs/SERVER.md): they tell each other through LISTEN/NOTIFY, and a node whose heartbeat
    // is this old is taken for dead.
    bool cluster = true;
    int clusterNodeTimeoutMs = 3000;
    QString anonKey; // when set, HTTP and WebSocket must present it as `apikey`
    // TLS (https and wss on the one port): a PEM certificate chain, leaf first, and its PEM key.
    // Both or neither; Server::start refuses a pair that does not load.
    QString tlsCertificateFile;
    QString tlsKeyFile;

    int syncToleranceMs = 2000;
    int hostGraceMs = 30000;
    int presenceTimeoutMs = 10000; // no presence this long: member offline
    int persistIntervalMs = 1000; // batch window for presence writes
    // A topic's presence changes within this window from its first go out as one presence_diff
    // (0: each alone, at once). Well under the 3 s report period, so a member list is never a
    // report behind; see docs/SERVER.md.
    int presenceBatchMs = 250;
    // How long a topic's updates (members tracking again) may wait for each other: a third of
    // the 3 s report period, so a room's reports mostly share one frame. At least
    // presenceBatchMs; 0 with it.
    int presenceUpdateBatchMs = 1000;
    int heartbeatTimeoutMs = 60000;
    // Threads that write the frames of plain sockets to the kernel beside the serving thread;
    // -1: one on a machine with two cores or more, none on one core. See docs/SERVER.md.
    int writeThreads = -1;

    int cleanupIntervalMs = 10 * 60 * 1000;
    qint64 roomIdleMs = 24LL * 3600 * 1000;
    qint64 syncStateRetentionMs = 6LL * 3600 * 1000;
    qint64 staleMemberMs = 2LL * 3600 * 1000; // offline this long: membership removed

    // A host control takes effect this far in the future so every member can
    // start at the same instant; bounded so the host never waits long.
    int controlLeadMinMs = 80;
    int controlLeadMaxMs = 300;

    // Group wait: the longest a room pauses for members whose player loads or buffers before
    // it goes on without them, and how long a member it gave up on is then left to catch up
    // alone (so one slow line does not stop the room again and again).
    int groupWaitTimeoutMs = 10000;
    int groupWaitCooldownMs = 60000;
    // Auto-advance: how long everyone sees "next episode in …" at the end of an episode, and
    // the host can cancel, before the server moves the room on.
    int autoAdvanceCountdownMs = 10000;

    bool rateLimits = true;
    // Frames one Realtime socket may send per second: presence every 3 s and a few controls
    // are a handful; 100 leaves room for bursts (reconnect rejoins) while stopping floods.
    int socketFramesPerSecond = 100;

    // Connections (docs/SECURITY.md says what each bound defends). Per address means per IPv4
    // address or IPv6 /64; loopback is not exempt. With rateLimits off (benchmarks), the
    // per-address caps are off too.
    int maxConnections = 20000;
    int maxConnectionsPerIp = 64;
    int maxPendingPerIp = 16; // accepted, first request head not complete yet
    // Balancers (address/prefix) that send a PROXY protocol header (v1 or v2) first on every
    // connection: the client it names is the address every cap and limit counts. A connection
    // from one of these without a valid header is dropped.
    QList<QPair<QHostAddress, int>> trustedProxies;
    // HTTP deadlines: a request's head from its first byte, its body from the end of the head,
    // and a kept-alive connection between requests.
    int httpHeaderTimeoutMs = 10000;
    int httpBodyTimeoutMs = 10000;
    int httpIdleTimeoutMs = 30000;
};

} // namespace watchium::server
