#include "TestServer.h"

#include <QDeadlineTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

namespace watchium::test {

namespace {

// Each test starts from an empty PostgreSQL schema, as it would from a new
// SQLite file.
void resetPostgres(const QString &url)
{
    const QUrl u(url);
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("test-reset"));
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1));
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("DROP SCHEMA public CASCADE"));
            q.exec(QStringLiteral("CREATE SCHEMA public"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("test-reset"));
}

} // namespace

TestServer::TestServer(server::ServerConfig config)
    : m_config(std::move(config))
{
    m_config.dataDir = m_dir.path();
    if (!databaseUrl().isEmpty() && m_config.databaseUrl.isEmpty()) {
        m_config.databaseUrl = databaseUrl();
        resetPostgres(m_config.databaseUrl);
    }
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
    return c;
}

QString TestServer::databaseUrl()
{
    return qEnvironmentVariable("WATCHIUM_TEST_DATABASE_URL");
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
