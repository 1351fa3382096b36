#pragma once

#include "ServerConfig.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace watchium::server {

class Cleanup;
class Metrics;
class RealtimeHub;
class TlsCredentials;

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
    // The certificate and key given in the configuration, loaded by start(); null without TLS.
    const TlsCredentials *tlsCredentials() const { return m_tls.get(); }
    // Reads them again (SIGHUP): new connections get the new pair, open ones keep theirs; false
    // (the previous pair stays) with why in `error` when the files no longer load.
    bool reloadTls(QString *error);

    // Who is served right now: the rooms with members connected and how many members those
    // are, `exceptUserId` (the operator's own member) left out.
    struct Audience
    {
        QStringList roomTitles;
        int members = 0;
    };
    Audience audience(const QString &exceptUserId = {}) const;
    // Close a room, or every room in use, telling their channels (phx_close) as rooms-delete
    // does. For a server whose rooms end with it: the desktop app's, when its user stops
    // serving them.
    void closeRoom(const QString &roomId, const QString &reason);
    void closeAllRooms(const QString &reason);

private:
    struct Parts;
    ServerConfig m_config;
    std::unique_ptr<Parts> m_parts;
    std::unique_ptr<TlsCredentials> m_tls;
    quint16 m_port = 0;
};

} // namespace watchium::server
