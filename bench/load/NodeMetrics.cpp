#include "NodeMetrics.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace watchium::bench {

std::optional<QHash<QString, double>> scrapeMetrics(const QUrl &node, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(node.host(), quint16(node.port()));
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return std::nullopt;
    socket.write("GET /metrics HTTP/1.0\r\nHost: " + node.host().toLatin1() + "\r\n\r\n");
    QByteArray response;
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        response += socket.readAll();
    }
    response += socket.readAll();
    const qsizetype bodyAt = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/1.1 200") || bodyAt < 0)
        return std::nullopt;
    QHash<QString, double> samples;
    for (const QByteArray &line : response.sliced(bodyAt + 4).split('\n')) {
        if (line.isEmpty() || line.startsWith('#') || line.contains('{'))
            continue;
        const qsizetype space = line.indexOf(' ');
        bool ok = false;
        const double value = line.sliced(space + 1).trimmed().toDouble(&ok);
        if (space > 0 && ok)
            samples.insert(QString::fromLatin1(line.first(space)), value);
    }
    return samples;
}

} // namespace watchium::bench
