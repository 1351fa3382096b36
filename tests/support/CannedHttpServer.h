#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QTcpServer>

namespace watchium::test {

// A real HTTP server on 127.0.0.1, port 0, answering each path with bytes the test chose, for
// code that fetches from hosts other than ours (avatars). The framing is the test's too: with a
// Content-Length, delimited by closing the connection (no length to trust), or no answer at all.
// Unknown paths get 404.
class CannedHttpServer
{
public:
    enum class Framing { ContentLength, CloseDelimited, Silent };

    bool listen();
    void serve(const QString &path, const QByteArray &body, const QByteArray &contentType,
               Framing framing = Framing::ContentLength);
    QString url(const QString &path) const;
    // Requests that reached `path`, answered or not.
    int hits(const QString &path) const { return m_hits.value(path); }

private:
    struct Route
    {
        QByteArray body;
        QByteArray contentType;
        Framing framing = Framing::ContentLength;
    };

    void onConnection();
    void respond(class QTcpSocket *socket, const QByteArray &head);

    QTcpServer m_server;
    QHash<QString, Route> m_routes;
    QHash<QString, int> m_hits;
};

} // namespace watchium::test
