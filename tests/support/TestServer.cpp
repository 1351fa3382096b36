#include "TestServer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

namespace watchium::test {

namespace {

// Each test server gets a database of its own in the throwaway cluster, so
// tests running in parallel never see each other's rows.
QString freshPostgresDatabase(const QString &adminUrl)
{
    static int counter = 0;
    const QString name =
        QStringLiteral("w_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
    QUrl u(adminUrl);
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("test-admin"));
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1));
        if (!db.open())
            qFatal("cannot reach the test PostgreSQL at %s", qPrintable(adminUrl));
        QSqlQuery q(db);
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name));
        if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
            qFatal("cannot create test database %s", qPrintable(name));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-admin"));
    u.setPath(QLatin1Char('/') + name);
    return u.toString();
}

} // namespace

TestServer::TestServer(server::ServerConfig config)
    : m_config(std::move(config))
{
    m_config.dataDir = m_dir.path();
    if (m_config.databaseUrl.isEmpty())
        m_config.databaseUrl = freshDatabaseUrl();
}

TestServer::~TestServer()
{
    stop();
}

server::ServerConfig TestServer::defaults()
{
    server::ServerConfig c;
    c.host = QHostAddress::LocalHost;
    c.port = 0;
    // CTest's *_notifier runs set 0: the path of a one-core machine, every write on the serving
    // thread; the others keep the default (a write thread on CI's two cores).
    bool ok = false;
    const int writeThreads = qEnvironmentVariableIntValue("WATCHIUM_TEST_WRITE_THREADS", &ok);
    if (ok)
        c.writeThreads = writeThreads;
    return c;
}

QString TestServer::databaseUrl()
{
    // The CTest fixture writes the cluster's URL to a file once it knows the port.
    const QString file = qEnvironmentVariable("WATCHIUM_TEST_PG_URL_FILE");
    if (file.isEmpty())
        return {};
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("WATCHIUM_TEST_PG_URL_FILE=%s cannot be read", qPrintable(file));
    return QString::fromUtf8(f.readAll()).trimmed();
}

QString TestServer::freshDatabaseUrl()
{
    const QString adminUrl = databaseUrl();
    return adminUrl.isEmpty() ? QString() : freshPostgresDatabase(adminUrl);
}

bool TestServer::start()
{
    m_server = std::make_unique<server::Server>(m_config);
    QString error;
    if (!m_server->start(&error)) {
        qWarning("test server did not start: %s", qPrintable(error));
        return false;
    }
    m_lastPort = m_server->port();
    return true;
}

void TestServer::stop()
{
    if (m_server)
        m_server->stop();
    m_server.reset();
}

bool TestServer::restart()
{
    stop();
    return start();
}

bool TestServer::startOnSamePort()
{
    const quint16 configured = m_config.port;
    m_config.port = m_lastPort;
    // The port was ours a moment ago; on a busy machine the kernel may still
    // be tearing down the old listener, so a refusal is retried briefly.
    QDeadlineTimer deadline(5000);
    bool started = start();
    while (!started && !deadline.hasExpired()) {
        QTest::qWait(100);
        started = start();
    }
    m_config.port = configured;
    return started;
}

bool TestServer::restartOnSamePort()
{
    stop();
    return startOnSamePort();
}

QString TestServer::httpBase() const
{
    return m_server->url().toString();
}

QString TestServer::wsUrl(const QString &vsn) const
{
    return QStringLiteral("ws://127.0.0.1:%1/realtime/v1/websocket?vsn=%2")
        .arg(m_server->port())
        .arg(vsn);
}

} // namespace watchium::test
