#include "RoomBeacon.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

namespace watchium::app {

namespace {

const QByteArray kRaise = QByteArrayLiteral("raise\n");
const QByteArray kRaised = QByteArrayLiteral("raised\n");
// Nothing longer is a request of ours: the socket is only read this far.
constexpr qint64 kMaxRequest = 64;

} // namespace

RoomBeacon::RoomBeacon(QObject *parent)
    : QObject(parent)
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &RoomBeacon::onConnection);
}

RoomBeacon::~RoomBeacon() = default;

QString RoomBeacon::serverName(const QString &roomId)
{
    // The home directory tells users apart on a shared computer; hashed, since names of local
    // sockets are paths or pipe names with limits on length and characters.
    const QByteArray key = QDir::homePath().toUtf8() + '\n' + roomId.toUtf8();
    return QStringLiteral("watchium-room-")
        + QString::fromLatin1(
               QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32));
}

bool RoomBeacon::listen(const QString &roomId)
{
    close();
    const QString name = serverName(roomId);
    // Asked first: with access options Qt's listen() replaces an existing socket file, so it
    // would take the room from a live window. A file left by a crash answers nobody and can go.
    QLocalSocket probe;
    probe.connectToServer(name);
    if (probe.waitForConnected(500))
        return false;
    QLocalServer::removeServer(name);
    return m_server->listen(name);
}

void RoomBeacon::close()
{
    m_server->close();
}

bool RoomBeacon::isListening() const
{
    return m_server->isListening();
}

void RoomBeacon::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > kMaxRequest)
                    socket->abort();
                return;
            }
            const QByteArray request = socket->readLine(kMaxRequest);
            if (request != kRaise) {
                socket->abort();
                return;
            }
            Q_EMIT raiseRequested();
            socket->write(kRaised);
            socket->disconnectFromServer();
        });
    }
}

bool RoomBeacon::raiseExisting(const QString &roomId, int timeoutMs)
{
    // Blocking on purpose: this runs before the window exists, and gives up within timeoutMs.
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(serverName(roomId));
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return false;
    socket.write(kRaise);
    if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
        return false;
    while (!socket.canReadLine()) {
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(deadline.remainingTime())))
            return false;
    }
    return socket.readLine(kMaxRequest) == kRaised;
}

} // namespace watchium::app
