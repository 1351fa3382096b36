#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace watchium::test {

// An HTTP server on 127.0.0.1 serving one generated video file (raw YUV4MPEG2, so no encoder
// is needed) the way a real web server does: with its length and byte ranges, so a player can
// seek in it, and at a rate the test sets, so a member can be put on a slow line and taken off
// it. Any other path answers 404 Not Found.
class VideoFileServer : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFps = 25;
    static constexpr int kWidth = 64;
    static constexpr int kHeight = 48;

    explicit VideoFileServer(double seconds, QObject *parent = nullptr);

    // The file it serves, for a test that wants it on disk (a member's own copy).
    static QByteArray video(double seconds);

    bool start();
    QUrl url() const;
    QUrl missingUrl() const;
    // Bytes per second for every connection, now and later; 0: as fast as the socket takes.
    void setRate(qint64 bytesPerSecond);
    qint64 size() const { return m_file.size(); }

private:
    struct Transfer
    {
        QPointer<QTcpSocket> socket;
        qint64 next = 0; // next byte of the file to send
        qint64 end = 0; // one past the last byte of the answer
    };

    void accept();
    void answer(QTcpSocket *client, const QByteArray &request);
    void pump();

    QTcpServer m_server;
    QByteArray m_file;
    QList<Transfer> m_transfers;
    qint64 m_rate = 0;
    QTimer m_pump;
};

} // namespace watchium::test
