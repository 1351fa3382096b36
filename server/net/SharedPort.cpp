#include "net/SharedPort.h"

#include "net/Nonblocking.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimerEvent>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcReactor)

namespace watchium::server {

namespace {

// "GET /realtime/v1/websocket?apikey=...&vsn=2.0.0 HTTP/1.1" with a long key fits well inside.
constexpr qsizetype kPeekBytes = 2048;
// A first line that arrives in pieces is peeked again after this pause: the descriptor stays
// readable until something consumes it, so waiting on it would spin.
constexpr int kRepeekMs = 5;
constexpr int kFirstLineTimeoutMs = 10'000;

} // namespace

// Waits for one connection's first request line, then hands the descriptor on.
class FirstLine : public QObject
{
public:
    FirstLine(int fd, SharedPort *port)
        : QObject(port)
        , m_fd(fd)
        , m_port(port)
        , m_notifier(new QSocketNotifier(fd, QSocketNotifier::Read, this))
    {
        connect(m_notifier, &QSocketNotifier::activated, this, &FirstLine::peek);
        m_deadline = startTimer(kFirstLineTimeoutMs);
    }

protected:
    void timerEvent(QTimerEvent *event) override
    {
        if (event->timerId() == m_deadline) {
            ::close(m_fd);
            deleteLater();
            return;
        }
        killTimer(event->timerId());
        m_notifier->setEnabled(true);
    }

private:
    void peek()
    {
        char buffer[kPeekBytes];
        const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && wouldBlock(errno))
            return;
        if (n <= 0) {
            ::close(m_fd);
            hand();
            return;
        }
        const QByteArrayView bytes(buffer, n);
        const qsizetype newline = bytes.indexOf('\n');
        if (newline < 0 && n < kPeekBytes) {
            m_notifier->setEnabled(false);
            startTimer(kRepeekMs);
            return;
        }
        // Qt allows one notifier per descriptor and direction: this one goes before the
        // descriptor's new owner makes its own.
        delete m_notifier;
        m_notifier = nullptr;
        m_port->route(m_fd, newline < 0 ? bytes : bytes.first(newline));
        hand();
    }

    void hand()
    {
        killTimer(m_deadline);
        deleteLater();
        if (m_notifier)
            m_notifier->setEnabled(false);
    }

    int m_fd;
    SharedPort *m_port;
    QSocketNotifier *m_notifier;
    int m_deadline = 0;
};

SharedPort::SharedPort(QByteArray webSocketPath, QObject *parent)
    : QTcpServer(parent)
    , m_path(std::move(webSocketPath))
{
}

bool SharedPort::targetsPath(QByteArrayView requestLine, QByteArrayView path)
{
    const qsizetype space = requestLine.indexOf(' ');
    if (space < 0)
        return false;
    QByteArrayView target = requestLine.sliced(space + 1);
    const qsizetype end = target.indexOf(' ');
    if (end >= 0)
        target = target.first(end);
    const qsizetype query = target.indexOf('?');
    if (query >= 0)
        target = target.first(query);
    if (target.endsWith('/'))
        target.chop(1);
    return target == path;
}

void SharedPort::incomingConnection(qintptr fd)
{
    new FirstLine(int(fd), this);
}

void SharedPort::route(int fd, QByteArrayView firstLine)
{
    if (targetsPath(firstLine, m_path)) {
        Q_EMIT webSocketConnection(fd);
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(fd)) {
        qCWarning(lcReactor) << "cannot adopt an HTTP connection:" << socket->errorString();
        ::close(fd);
        delete socket;
        return;
    }
    addPendingConnection(socket);
    Q_EMIT newConnection();
}

} // namespace watchium::server
