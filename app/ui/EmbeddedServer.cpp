#include "EmbeddedServer.h"

#include "nat/PortMapper.h"
#include "ServerConfig.h"

#include <QPointer>

namespace watchium::app {

EmbeddedServer::EmbeddedServer(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("watchium-server"));
}

EmbeddedServer::~EmbeddedServer()
{
    stop();
}

void EmbeddedServer::start(const server::ServerConfig &config)
{
    stop();
    if (!m_thread.isRunning())
        m_thread.start();
    auto *server = new server::Server(config);
    server->moveToThread(&m_thread);
    m_server = server;
    const quint64 generation = ++m_generation;
    QPointer<EmbeddedServer> self(this);
    // Queued onto the server thread: the sockets and the store connection belong to it.
    QMetaObject::invokeMethod(
        server,
        [server, self, generation] {
            QString error;
            const bool ok = server->start(&error);
            const QUrl url = ok ? server->url() : QUrl();
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, url, error] {
                    if (self)
                        self->onStarted(generation, url, error);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void EmbeddedServer::onStarted(quint64 generation, const QUrl &url, const QString &error)
{
    // Not the server's address: a stopped server's answer can arrive after the next server was
    // allocated at the same address, and would then announce the old, closed port.
    if (generation != m_generation || !m_server)
        return; // a server stopped meanwhile
    if (!url.isValid()) {
        stop();
        Q_EMIT failed(error.isEmpty() ? tr("The server did not start.") : error);
        return;
    }
    m_url = url;
    if (m_mapPort) {
        server::PortMapper::Options options;
        options.port = quint16(url.port());
        m_mapper = std::make_unique<server::PortMapper>(options);
        connect(m_mapper.get(), &server::PortMapper::mappingChanged, this,
                &EmbeddedServer::portMappingChanged);
        m_mapper->start();
    }
    Q_EMIT started(url);
}

server::PortMapping EmbeddedServer::portMapping() const
{
    return m_mapper ? m_mapper->mapping() : server::PortMapping();
}

server::Server::Audience EmbeddedServer::audience(const QString &exceptUserId) const
{
    server::Server::Audience audience;
    if (isRunning()) {
        server::Server *server = m_server;
        QMetaObject::invokeMethod(
            server, [server, exceptUserId] { return server->audience(exceptUserId); },
            Qt::BlockingQueuedConnection, &audience);
    }
    return audience;
}

void EmbeddedServer::closeRoom(const QString &roomId)
{
    if (!isRunning())
        return;
    server::Server *server = m_server;
    QMetaObject::invokeMethod(
        server,
        [server, roomId] { server->closeRoom(roomId, QStringLiteral("closed by the host")); },
        Qt::BlockingQueuedConnection);
}

void EmbeddedServer::stop()
{
    // Waits for the router's answer: the mapping must not outlive the server, even on quit.
    m_mapper.reset();
    if (m_server) {
        server::Server *server = m_server;
        m_server = nullptr;
        m_url.clear();
        // Stop and delete on the server thread, waiting: the store must be closed before exit.
        QMetaObject::invokeMethod(
            server,
            [server] {
                server->closeAllRooms(QStringLiteral("the host stopped serving it"));
                server->stop();
                delete server;
            },
            Qt::BlockingQueuedConnection);
    }
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
}

} // namespace watchium::app
