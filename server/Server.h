#pragma once

#include "ServerConfig.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace watchium::server {

class Cleanup;
class Metrics;
class RealtimeHub;

// The whole Watchium server on one port: store, room services, HTTP
// functions and the Realtime endpoint. `watchium --server` runs one on the
// main thread; the desktop app runs one on a thread of its own.
class Server : public QObject
{
    Q_OBJECT

public:
    explicit Server(ServerConfig config, QObject *parent = nullptr);
    ~Server() override;

    bool start(QString *error);
    // Sends close frames, writes pending presence, closes the store.
    void stop();

    quint16 port() const;
    QUrl url() const;
    Metrics *metrics() const;
    Cleanup *cleanup() const;
    int connectionCount() const;

private:
    struct Parts;
    ServerConfig m_config;
    std::unique_ptr<Parts> m_parts;
    quint16 m_port = 0;
};

} // namespace watchium::server
