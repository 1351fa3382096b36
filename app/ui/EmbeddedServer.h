#pragma once

#include "nat/PortMapping.h"
#include "Server.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace watchium::server {
class PortMapper;
struct ServerConfig;
} // namespace watchium::server

namespace watchium::app {

// The server a host runs on this computer, on a thread of its own so that painting the GUI never
// delays the fan-out to members. The Server object lives on that thread and is started and stopped
// there; this object only reports back on the GUI thread. When asked, it also keeps the port
// mapped on the router while the server runs (see server::PortMapper).
class EmbeddedServer : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedServer(QObject *parent = nullptr);
    ~EmbeddedServer() override;

    // Ask the router to forward the port from the internet, from the next start() on.
    void setPortMappingEnabled(bool enabled) { m_mapPort = enabled; }
    // Off when mapping is not enabled or the server is not running.
    server::PortMapping portMapping() const;

    // Answers with started() or failed(); a running server is stopped first.
    void start(const server::ServerConfig &config);
    // Closes every room, so that members are told the room closed instead of reconnecting to a
    // server that is gone, then blocks until the server thread has closed its sockets and store.
    void stop();
    bool isRunning() const { return m_server != nullptr && m_url.isValid(); }
    QUrl url() const { return m_url; }

    // Asked on the server thread, waiting for the answer (a walk over the rooms in memory).
    server::Server::Audience audience(const QString &exceptUserId = {}) const;
    // Closes one room (see server::Server::closeRoom), waiting until it is done.
    void closeRoom(const QString &roomId);

Q_SIGNALS:
    void started(const QUrl &url);
    void failed(const QString &error);
    void portMappingChanged(const watchium::server::PortMapping &mapping);

private:
    void onStarted(quint64 generation, const QUrl &url, const QString &error);

    QThread m_thread;
    server::Server *m_server = nullptr;
    // Which start() an answer belongs to.
    quint64 m_generation = 0;
    QUrl m_url;
    bool m_mapPort = false;
    std::unique_ptr<server::PortMapper> m_mapper;
};

} // namespace watchium::app
