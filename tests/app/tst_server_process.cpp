#include "HttpClient.h"
#include "WsClient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace watchium;
using test::HttpClient;
using test::WsClient;

// `watchium --server` as a user runs it: the ready line, --help, bad options,
// and a clean shutdown on SIGTERM and SIGINT. Built twice: for `watchium` and for
// `watchium-server` (WATCHIUM_SERVER_ALONE), which must do the same without the app's libraries.
class TestServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpDocumentsEveryOption();
    void badOptionsExplainThemselves_data();
    void badOptionsExplainThemselves();
    void shutsDownCleanly_data();
    void shutsDownCleanly();
    void serverAloneLoadsNoDesktopLibraries();

private:
    QString start(QProcess &process, const QString &dataDir);
};

QString TestServerProcess::start(QProcess &process, const QString &dataDir)
{
    process.start(QStringLiteral(WATCHIUM_BINARY),
                  {QStringLiteral("--server"), QStringLiteral("--port"), QStringLiteral("0"),
                   QStringLiteral("--data-dir"), dataDir});
    if (!process.waitForStarted(10000))
        return {};
    // The server prints its ready line once it listens; wait for it, bounded.
    QDeadlineTimer deadline(15000);
    while (!process.canReadLine() && !deadline.hasExpired())
        process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    return QString::fromUtf8(process.readLine()).trimmed();
}

void TestServerProcess::helpDocumentsEveryOption()
{
    QProcess p;
    p.start(QStringLiteral(WATCHIUM_BINARY), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QString help = QString::fromUtf8(p.readAllStandardOutput());
    for (const char *option :
         {"--server", "--host", "--port", "--data-dir", "--database", "--anon-key",
          "--sync-tolerance-ms", "--host-grace-ms", "--cleanup-interval-ms", "--room-idle-ms",
          "--presence-timeout-ms", "--presence-batch-ms", "--presence-update-ms", "--write-threads",
          "--group-wait-ms", "--map-port"}) {
        QVERIFY2(help.contains(QLatin1String(option)), option);
    }
}

void TestServerProcess::badOptionsExplainThemselves_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("port-text") << QStringList {QStringLiteral("--server"), QStringLiteral("--port"),
                                               QStringLiteral("http")}
                               << "--port";
    QTest::newRow("port-range") << QStringList {QStringLiteral("--server"),
                                                QStringLiteral("--port"), QStringLiteral("70000")}
                                << "65535";
    QTest::newRow("host") << QStringList {QStringLiteral("--server"), QStringLiteral("--host"),
                                          QStringLiteral("not-an-ip")}
                          << "--host";
    // A router cannot forward to loopback, the default --host.
    QTest::newRow("map-port-loopback")
        << QStringList {QStringLiteral("--server"), QStringLiteral("--map-port")}
        << "--host 0.0.0.0";
    QTest::newRow("database") << QStringList {QStringLiteral("--server"),
                                              QStringLiteral("--database"),
                                              QStringLiteral("mysql://x/y")}
                              << "postgres://";
}

void TestServerProcess::badOptionsExplainThemselves()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QProcess p;
    p.start(QStringLiteral(WATCHIUM_BINARY), args << QStringLiteral("--data-dir") << dir.path());
    QVERIFY(p.waitForFinished(10000));
    QVERIFY(p.exitCode() != 0);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestServerProcess::shutsDownCleanly_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("sigterm") << SIGTERM;
    QTest::newRow("sigint") << SIGINT;
}

void TestServerProcess::shutsDownCleanly()
{
    QFETCH(int, signal);
    QTemporaryDir dir;
    QProcess process;
    const QString line = start(process, dir.path());
    const auto match =
        QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))$"))
            .match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const QString base = match.captured(1);
    const QString port = match.captured(2);

    HttpClient http(base);
    const auto created =
        http.function(QStringLiteral("rooms-create"),
                      {{QStringLiteral("title"), QStringLiteral("Persisted")},
                       {QStringLiteral("anime_id"), QStringLiteral("aot")},
                       {QStringLiteral("anime_title"), QStringLiteral("AoT")},
                       {QStringLiteral("episode_number"), 3},
                       {QStringLiteral("video_url"), QStringLiteral("https://example.com/v.mp4")},
                       {QStringLiteral("host_user_id"), QStringLiteral("h")},
                       {QStringLiteral("host_username"), QStringLiteral("H")}});
    QCOMPARE(created.status, 200);
    WsClient client;
    QVERIFY(
        client.open(QStringLiteral("ws://127.0.0.1:%1/realtime/v1/websocket?vsn=2.0.0").arg(port)));
    QSignalSpy closed(&client.socket(), &QWebSocket::disconnected);

    ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(closed.count() > 0 || closed.wait(5000));
    // A close frame, not a dropped connection.
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);

    QProcess again;
    const QString second = start(again, dir.path());
    QVERIFY(second.startsWith(QLatin1String("listening on ")));
    HttpClient http2(second.mid(13));
    const auto list = http2.function(QStringLiteral("rooms-list-public"), {});
    QCOMPARE(list.data().value(QLatin1String("total")).toInt(), 1);
    ::kill(pid_t(again.processId()), SIGTERM);
    QVERIFY(again.waitForFinished(10000));
}

void TestServerProcess::serverAloneLoadsNoDesktopLibraries()
{
#if !defined(WATCHIUM_SERVER_ALONE)
    QSKIP("for watchium-server only (tst_server_process_alone)");
#elif !defined(Q_OS_LINUX)
    QSKIP("reads /proc/<pid>/maps");
#else
    QTemporaryDir dir;
    QProcess process;
    QVERIFY(start(process, dir.path()).startsWith(QLatin1String("listening on")));
    QFile maps(QStringLiteral("/proc/%1/maps").arg(process.processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY(mapped.contains("libQt6Core"));
    for (const char *library : {"libQt6Widgets", "libQt6Gui", "libQt6OpenGL", "libmpv"})
        QVERIFY2(!mapped.contains(library), library);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
#endif
}

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_server_process.moc"
