#include "SourcedHttp.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>

namespace watchium::test {

namespace {

constexpr int kTimeoutMs = 10'000;

// The status, the headers we read and the body of one complete response, or status 0.
HttpClient::Response parse(const QByteArray &raw)
{
    HttpClient::Response r;
    const qsizetype headEnd = raw.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return r;
    const QList<QByteArray> lines = raw.first(headEnd).split('\n');
    qsizetype length = -1;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.first(std::max<qsizetype>(colon, 0)).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "retry-after")
            r.retryAfter = value;
        else if (name == "content-type")
            r.contentType = value;
    }
    const QByteArray body = raw.mid(headEnd + 4);
    if (length < 0 || body.size() < length)
        return r;
    r.body = body.first(length);
    r.json = QJsonDocument::fromJson(r.body).object();
    r.status = lines.value(0).split(' ').value(1).toInt();
    return r;
}

} // namespace

SourcedHttp::SourcedHttp(QHostAddress source, QString host, quint16 port)
    : m_source(std::move(source))
    , m_host(std::move(host))
    , m_port(port)
{
}

HttpClient::Response SourcedHttp::post(const QString &path, const QJsonObject &body,
                                       const QString &token)
{
    QTcpSocket socket;
    if (!socket.bind(m_source))
        return {};
    socket.connectToHost(m_host, m_port);
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray request = "POST " + path.toUtf8() + " HTTP/1.1\r\nHost: " + m_host.toUtf8()
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(json.size()) + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    socket.write(request + "\r\n" + json);
    QSignalSpy readable(&socket, &QTcpSocket::readyRead);
    QByteArray raw;
    const QDeadlineTimer deadline(kTimeoutMs);
    while (!deadline.hasExpired()) {
        raw += socket.readAll();
        HttpClient::Response r = parse(raw);
        if (r.status != 0)
            return r;
        if (socket.state() == QAbstractSocket::UnconnectedState)
            break;
        readable.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return {};
}

} // namespace watchium::test
