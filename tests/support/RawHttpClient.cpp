#include "RawHttpClient.h"

#include <QTest>

namespace watchium::test {

QByteArray RawHttpClient::Response::header(QByteArrayView name) const
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

bool RawHttpClient::connectTo(quint16 port, const QHostAddress &from, int timeoutMs)
{
    if (!m_socket.bind(from))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

void RawHttpClient::send(QByteArrayView bytes)
{
    m_socket.write(bytes.data(), bytes.size());
}

bool RawHttpClient::flush(int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            return m_socket.bytesToWrite() == 0
                || m_socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
}

bool RawHttpClient::isOpen() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

QByteArray RawHttpClient::pending()
{
    m_in += m_socket.readAll();
    return m_in;
}

std::optional<RawHttpClient::Response> RawHttpClient::next(bool head, int timeoutMs)
{
    std::optional<Response> response;
    const auto complete = [&] {
        m_in += m_socket.readAll();
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        Response r;
        r.head = m_in.first(end + 4);
        const QList<QByteArray> statusLine = r.head.split(' ');
        r.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
        const qsizetype length = head ? 0 : r.header("content-length").toLongLong();
        if (m_in.size() < end + 4 + length)
            return false;
        r.body = m_in.mid(end + 4, length);
        m_in.remove(0, end + 4 + length);
        response = r;
        return true;
    };
    (void)QTest::qWaitFor(complete, timeoutMs);
    return response;
}

bool RawHttpClient::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            m_in += m_socket.readAll();
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}

} // namespace watchium::test
