#include "StallingVideoServer.h"

#include <cmath>

namespace watchium::test {

namespace {

constexpr int kWidth = 128;
constexpr int kHeight = 96;
// On each client socket: the frames sent to it so far; unset until its request arrived.
constexpr char kSentFrames[] = "sentFrames";

int framesFor(double seconds)
{
    return int(std::lround(seconds * StallingVideoServer::kFps));
}

} // namespace

StallingVideoServer::StallingVideoServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &StallingVideoServer::accept);
}

bool StallingVideoServer::start(double initialSeconds)
{
    m_initialFrames = framesFor(initialSeconds);
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl StallingVideoServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/stream.y4m").arg(m_server.serverPort()));
}

QUrl StallingVideoServer::missingUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/missing.mp4").arg(m_server.serverPort()));
}

void StallingVideoServer::release(double seconds)
{
    for (QTcpSocket *client : std::as_const(m_clients)) {
        if (client)
            send(client, framesFor(seconds));
    }
}

void StallingVideoServer::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        m_clients.append(client);
        // Answered once the request has arrived; its content does not matter.
        connect(client, &QTcpSocket::readyRead, this, [this, client] {
            const QByteArray request = client->readAll();
            if (client->property(kSentFrames).isValid())
                return;
            // Any other path is a video that does not exist.
            if (!request.startsWith("GET /stream.y4m ")) {
                client->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                              "Content-Length: 10\r\nConnection: close\r\n\r\nnot found\n");
                client->disconnectFromHost();
                return;
            }
            // No length and no ranges: a live stream, which mpv reads as far as it goes.
            client->write("HTTP/1.1 200 OK\r\nContent-Type: video/x-yuv4mpeg\r\n"
                          "Connection: close\r\n\r\n");
            client->write(QStringLiteral("YUV4MPEG2 W%1 H%2 F%3:1 Ip A1:1 C420jpeg\n")
                              .arg(kWidth)
                              .arg(kHeight)
                              .arg(kFps)
                              .toLatin1());
            client->setProperty(kSentFrames, 0);
            send(client, m_initialFrames);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}

void StallingVideoServer::send(QTcpSocket *client, int frames)
{
    const QVariant sent = client->property(kSentFrames);
    if (!sent.isValid())
        return; // its request has not arrived yet
    const int first = sent.toInt();
    for (int i = first; i < first + frames; ++i)
        client->write(frame(i));
    client->setProperty(kSentFrames, first + frames);
}

QByteArray StallingVideoServer::frame(int index) const
{
    // A grey level that changes every frame and a chroma plane of mid grey.
    QByteArray data("FRAME\n");
    data.append(QByteArray(kWidth * kHeight, char(16 + (index * 7) % 220)));
    data.append(QByteArray(kWidth * kHeight / 2, char(128)));
    return data;
}

} // namespace watchium::test
