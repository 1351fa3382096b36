#include "VideoFileServer.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace watchium::test {

namespace {

constexpr int kPumpMs = 20;
// What a fast line moves in one pump, and what the kernel may hold unsent per connection.
constexpr qint64 kUnthrottledChunk = 1 << 20;

} // namespace

QByteArray VideoFileServer::video(double seconds)
{
    QByteArray file = QStringLiteral("YUV4MPEG2 W%1 H%2 F%3:1 Ip A1:1 C420jpeg\n")
                          .arg(kWidth)
                          .arg(kHeight)
                          .arg(kFps)
                          .toLatin1();
    const int frames = int(std::lround(seconds * kFps));
    for (int i = 0; i < frames; ++i) {
        // A grey level that changes every frame, and mid-grey chroma.
        file.append("FRAME\n");
        file.append(QByteArray(kWidth * kHeight, char(16 + (i * 7) % 220)));
        file.append(QByteArray(kWidth * kHeight / 2, char(128)));
    }
    return file;
}

VideoFileServer::VideoFileServer(double seconds, QObject *parent)
    : QObject(parent)
    , m_file(video(seconds))
{
    connect(&m_server, &QTcpServer::newConnection, this, &VideoFileServer::accept);
    m_pump.setInterval(kPumpMs);
    connect(&m_pump, &QTimer::timeout, this, &VideoFileServer::pump);
}

bool VideoFileServer::start()
{
    m_pump.start();
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl VideoFileServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/episode.y4m").arg(m_server.serverPort()));
}

QUrl VideoFileServer::missingUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/missing.mp4").arg(m_server.serverPort()));
}

void VideoFileServer::setRate(qint64 bytesPerSecond)
{
    m_rate = bytesPerSecond;
}

void VideoFileServer::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *request = new QByteArray;
        connect(client, &QTcpSocket::readyRead, this, [this, client, request] {
            request->append(client->readAll());
            if (request->contains("\r\n\r\n") && !request->isEmpty()) {
                answer(client, *request);
                request->clear();
            }
        });
        connect(client, &QTcpSocket::disconnected, client, [client, request] {
            delete request;
            client->deleteLater();
        });
    }
}

void VideoFileServer::answer(QTcpSocket *client, const QByteArray &request)
{
    if (!request.startsWith("GET /episode.y4m ") && !request.startsWith("HEAD /episode.y4m ")) {
        client->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                      "Content-Length: 10\r\nConnection: close\r\n\r\nnot found\n");
        client->disconnectFromHost();
        return;
    }
    const qint64 size = m_file.size();
    qint64 first = 0;
    qint64 last = size - 1;
    const auto range = QRegularExpression(QStringLiteral("\r\nRange: bytes=(\\d+)-(\\d*)"),
                                          QRegularExpression::CaseInsensitiveOption)
                           .match(QString::fromLatin1(request));
    QByteArray head;
    if (range.hasMatch()) {
        first = range.captured(1).toLongLong();
        if (!range.captured(2).isEmpty())
            last = std::min(last, range.captured(2).toLongLong());
        if (first > last) {
            client->write(QStringLiteral("HTTP/1.1 416 Range Not Satisfiable\r\n"
                                         "Content-Range: bytes */%1\r\nContent-Length: 0\r\n\r\n")
                              .arg(size)
                              .toLatin1());
            return;
        }
        head = QStringLiteral("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %1-%2/%3\r\n")
                   .arg(first)
                   .arg(last)
                   .arg(size)
                   .toLatin1();
    } else {
        head = "HTTP/1.1 200 OK\r\n";
    }
    head += QStringLiteral("Content-Type: video/x-yuv4mpeg\r\nAccept-Ranges: bytes\r\n"
                           "Content-Length: %1\r\n\r\n")
                .arg(last - first + 1)
                .toLatin1();
    client->write(head);
    // A new request on the connection replaces what was still being sent on it.
    m_transfers.removeIf([client](const Transfer &t) { return t.socket == client; });
    if (!request.startsWith("HEAD "))
        m_transfers.append({client, first, last + 1});
}

void VideoFileServer::pump()
{
    const qint64 budget =
        m_rate > 0 ? std::max<qint64>(1, m_rate * kPumpMs / 1000) : kUnthrottledChunk;
    for (Transfer &t : m_transfers) {
        if (!t.socket || t.socket->bytesToWrite() > kUnthrottledChunk)
            continue;
        const qint64 n = std::min(budget, t.end - t.next);
        t.socket->write(m_file.constData() + t.next, n);
        t.next += n;
    }
    m_transfers.removeIf([](const Transfer &t) { return !t.socket || t.next >= t.end; });
}

} // namespace watchium::test
