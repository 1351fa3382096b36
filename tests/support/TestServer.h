#pragma once

#include "Server.h"

#include <QTemporaryDir>

#include <memory>

namespace watchium::test {

// A real server on 127.0.0.1 with port 0, its SQLite store in a temp dir (or
// a fresh database in the PostgreSQL cluster the test fixture started, when
// WATCHIUM_TEST_PG_URL_FILE names the file holding its URL).
class TestServer
{
public:
    explicit TestServer(server::ServerConfig config = defaults());
    ~TestServer();

    static server::ServerConfig defaults();
    // PostgreSQL URL given by the test environment, empty when SQLite.
    static QString databaseUrl();
    // A database of its own in that PostgreSQL cluster, empty when SQLite.
    static QString freshDatabaseUrl();

    bool start();
    void stop();
    // Stops and starts again on the same store (and a new port).
    bool restart();
    // Starts again on the port the last server listened on, so clients that
    // hold its URL can reconnect (after stop(); restartOnSamePort() does both).
    bool startOnSamePort();
    bool restartOnSamePort();

    server::Server *server() const { return m_server.get(); }
    QString httpBase() const;
    QString wsUrl(const QString &vsn = QStringLiteral("2.0.0")) const;
    server::ServerConfig &config() { return m_config; }

private:
    server::ServerConfig m_config;
    QTemporaryDir m_dir;
    std::unique_ptr<server::Server> m_server;
    quint16 m_lastPort = 0;
};

} // namespace watchium::test
