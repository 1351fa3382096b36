#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace watchium::test {

// An HTTP server on 127.0.0.1 that streams a raw YUV4MPEG2 video (so mpv needs no encoder to
// exist on the machine) only as far as the test lets it: a player reaches the end of what was
// sent, waits for data and reports that it is buffering, and goes on once more is sent. Each
// request gets the stream from its first frame; any other path is a 404.
class StallingVideoServer : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFps = 25;

    explicit StallingVideoServer(QObject *parent = nullptr);

    // Listens on a free port; `initialSeconds` of video go out at once to each request.
    bool start(double initialSeconds);
    QUrl url() const;
    // A path this server answers with 404 Not Found.
    QUrl missingUrl() const;
    // Sends this many more seconds to every client, at once.
    void release(double seconds);

private:
    void accept();
    void send(QTcpSocket *client, int frames);
    QByteArray frame(int index) const;

    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_clients;
    int m_initialFrames = 0;
};

} // namespace watchium::test
