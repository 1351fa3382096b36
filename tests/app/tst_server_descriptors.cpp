// `watchium --server` out of file descriptors: slow connections hold every descriptor the process
// may open (RLIMIT_NOFILE lowered in the child), more keep arriving, and the server neither spins
// nor stops serving once a descriptor comes free.
#include "RawHttpClient.h"
#include "ServerProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace watchium;
using test::RawHttpClient;
using test::ServerProcess;

namespace {

constexpr int kWaitMs = 5000;
// Low enough that a few dozen connections use the rest up, high enough for the server's own
// start (store, event loop, epoll).
constexpr int kFileLimit = 64;
constexpr int kSlowClients = 100;

// User and system CPU time of process `pid` so far, in milliseconds.
qint64 cpuMs(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    return ticks * 1000 / ::sysconf(_SC_CLK_TCK);
}

} // namespace

class TestServerDescriptors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsServingWhenOutOfDescriptors();
};

void TestServerDescriptors::keepsServingWhenOutOfDescriptors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerProcess server(QStringLiteral(WATCHIUM_BINARY));
    server.setOpenFileLimit(kFileLimit);
    QVERIFY(server.start({QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--data-dir"), dir.path(),
                          QStringLiteral("--max-connections-per-ip"), QStringLiteral("1000"),
                          QStringLiteral("--max-pending-per-ip"), QStringLiteral("1000")}));

    // More slow clients than the server has descriptors: each sends half a head and stops.
    std::vector<std::unique_ptr<RawHttpClient>> slow;
    for (int i = 0; i < kSlowClients; ++i) {
        slow.push_back(std::make_unique<RawHttpClient>());
        QVERIFY(slow.back()->connectTo(server.port()));
        slow.back()->send("GET /health HTTP/1.1\r\n");
    }
    const auto stillOpen = [&] {
        return std::count_if(slow.begin(), slow.end(), [](const auto &c) {
            c->pending();
            return c->isOpen();
        });
    };
    // The ones beyond its descriptors are accepted and closed at once, not left queued.
    QVERIFY(QTest::qWaitFor([&] { return stillOpen() < kSlowClients; }, kWaitMs));
    const auto held = stillOpen();
    QVERIFY2(held > 0 && held < kFileLimit, qPrintable(QString::number(held)));

    // Connections keep arriving while it is full: each is closed (none waits in the queue
    // for a descriptor that will not come), and the server stays mostly idle meanwhile. A
    // server that retries a failing accept at once burns a whole core the whole time.
    const qint64 cpuBefore = cpuMs(server.processId());
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < 10; ++i) {
        RawHttpClient knock;
        QVERIFY(knock.connectTo(server.port()));
        QVERIFY(knock.waitClosed(kWaitMs));
    }
    const qint64 cpuUsed = cpuMs(server.processId()) - cpuBefore;
    QVERIFY2(
        cpuUsed * 2 < elapsed.elapsed() + 100,
        qPrintable(QStringLiteral("%1 ms of CPU in %2 ms").arg(cpuUsed).arg(elapsed.elapsed())));

    // One slow client goes: the next new client is served.
    const auto open =
        std::find_if(slow.begin(), slow.end(), [](const auto &c) { return c->isOpen(); });
    QVERIFY(open != slow.end());
    slow.erase(open);
    std::optional<RawHttpClient::Response> metrics;
    QVERIFY(QTest::qWaitFor(
        [&] {
            RawHttpClient client;
            if (!client.connectTo(server.port(), QHostAddress::LocalHost, 500))
                return false;
            client.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
            metrics = client.next(false, 500);
            return metrics && metrics->status == 200;
        },
        kWaitMs));
    QVERIFY2(metrics->body.contains("watchium_rejected_total{reason=\"descriptors_exhausted\"}"),
             metrics->body.constData());
}

QTEST_GUILESS_MAIN(TestServerDescriptors)
#include "tst_server_descriptors.moc"
