#include "HeadlessLines.h"
#include "HeadlessProcess.h"
#include "RoomClientTestKit.h"

#include <QElapsedTimer>

#include <csignal>
#include <memory>

using namespace watchium;
using test::HeadlessProcess;
using test::HttpClient;
using test::TestServer;
using test::headless::joined;
using State = RoomClient::ConnectionState;

namespace {

const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=600");
// The bound: a frozen member shows offline to the others within this.
constexpr int kOfflineWithinMs = 30'000;
constexpr int kWaitMs = 20'000;

QStringList commonArguments(const QString &url, const QString &name)
{
    return {QStringLiteral("--server-url"), url,  QStringLiteral("--media"),   kMedia,
            QStringLiteral("--name"),       name, QStringLiteral("--user-id"), name};
}

} // namespace

// A real `watchium --headless` process frozen with SIGSTOP keeps its socket open (the kernel
// answers for it), yet shows offline to another member within the presence bound, comes back
// when thawed, and, when it is the host, passes the role on after the grace period.
class TestFrozenMember : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void frozenMemberShowsOfflineWithDefaults();
    void frozenHostHandsOver();

private:
    bool startServer(server::ServerConfig config);
    std::unique_ptr<RoomClient> newClient() const;
    bool isOnline(const QString &roomId, const QString &userId) const;
    static void sendSignal(const HeadlessProcess &process, int sig);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<HeadlessProcess> m_process;
};

void TestFrozenMember::cleanup()
{
    // Never leave a stopped process behind, whatever failed.
    if (m_process) {
        sendSignal(*m_process, SIGCONT);
        m_process.reset();
    }
    m_server.reset();
}

bool TestFrozenMember::startServer(server::ServerConfig config)
{
    config.rateLimits = false;
    m_server = std::make_unique<TestServer>(config);
    return m_server->start();
}

std::unique_ptr<RoomClient> TestFrozenMember::newClient() const
{
    return std::make_unique<RoomClient>(test::clientOptions(m_server->httpBase()));
}

bool TestFrozenMember::isOnline(const QString &roomId, const QString &userId) const
{
    HttpClient http(m_server->httpBase());
    return test::memberIsOnline(http, roomId, userId);
}

void TestFrozenMember::sendSignal(const HeadlessProcess &process, int sig)
{
    if (process.processId() > 0)
        ::kill(pid_t(process.processId()), sig);
}

void TestFrozenMember::frozenMemberShowsOfflineWithDefaults()
{
    // The shipped bounds, end to end.
    QVERIFY(startServer(TestServer::defaults()));
    auto host = newClient();
    host->createRoom(test::roomRequest(QStringLiteral("host")));
    QTRY_COMPARE_WITH_TIMEOUT(host->connectionState(), State::Joined, kWaitMs);
    const QString roomId = host->session().roomId;

    const QString ben = QStringLiteral("ben");
    m_process = std::make_unique<HeadlessProcess>(ben, QStringLiteral(WATCHIUM_BINARY));
    QVERIFY(m_process->start(commonArguments(m_server->httpBase(), ben)
                             + QStringList {QStringLiteral("--room"), roomId}));
    QVERIFY(m_process->waitFor(joined, kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(host->members().contains(ben), kWaitMs);

    sendSignal(*m_process, SIGSTOP);
    QElapsedTimer frozenFor;
    frozenFor.start();
    QTRY_VERIFY_WITH_TIMEOUT(!host->members().contains(ben), kOfflineWithinMs);
    qInfo("a frozen member left presence after %lld ms", frozenFor.elapsed());
    QVERIFY(!isOnline(roomId, ben));

    const int linesBefore = m_process->lineCount();
    sendSignal(*m_process, SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(host->members().contains(ben), kWaitMs);
    QVERIFY(isOnline(roomId, ben));
    // Thawed on the same socket, or rejoined: either way it is in the room again.
    QVERIFY(m_process->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("connection")) == QLatin1String("joined");
        },
        kWaitMs, linesBefore));
}

void TestFrozenMember::frozenHostHandsOver()
{
    // Shorter bounds than the shipped ones, so the test does not wait for them.
    auto config = TestServer::defaults();
    config.presenceTimeoutMs = 4000;
    config.hostGraceMs = 1000;
    QVERIFY(startServer(config));
    m_process =
        std::make_unique<HeadlessProcess>(QStringLiteral("host"), QStringLiteral(WATCHIUM_BINARY));
    QVERIFY(
        m_process->start(commonArguments(m_server->httpBase(), QStringLiteral("host"))
                         + QStringList {QStringLiteral("--create"), QStringLiteral("--title"),
                                        QStringLiteral("Frozen host"), QStringLiteral("--anime-id"),
                                        QStringLiteral("testsrc"), QStringLiteral("--anime-title"),
                                        QStringLiteral("Test Source"), QStringLiteral("--video"),
                                        QStringLiteral("https://example.com/testsrc.mp4")}));
    const auto room = m_process->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("room");
        },
        kWaitMs);
    QVERIFY(room);
    QVERIFY(m_process->waitFor(joined, kWaitMs));

    auto member = newClient();
    member->joinRoom(
        test::joinRequest(room->value(QLatin1String("room_id")).toString(), QStringLiteral("ben")));
    QTRY_COMPARE_WITH_TIMEOUT(member->connectionState(), State::Joined, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(member->members().contains(QStringLiteral("host")), kWaitMs);
    QCOMPARE(member->hostUserId(), QStringLiteral("host"));

    sendSignal(*m_process, SIGSTOP);
    QElapsedTimer frozenFor;
    frozenFor.start();
    QTRY_VERIFY_WITH_TIMEOUT(!member->members().contains(QStringLiteral("host")), kWaitMs);
    // The grace runs from the host going offline, not from its socket closing (60 s).
    QTRY_VERIFY_WITH_TIMEOUT(member->isHost(), kWaitMs);
    qInfo("a frozen host handed over after %lld ms", frozenFor.elapsed());

    sendSignal(*m_process, SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(member->members().contains(QStringLiteral("host")), kWaitMs);
    QVERIFY(m_process->waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("state")
                && l.value(QLatin1String("host_user_id")) == QLatin1String("ben")
                && !l.value(QLatin1String("is_host")).toBool();
        },
        kWaitMs));
}

QTEST_GUILESS_MAIN(TestFrozenMember)
#include "tst_frozen_member.moc"
