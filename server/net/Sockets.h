#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

// Every operating-system socket call of the server's own socket layer (HttpListener,
// PlainStream, SendQueue), so that nothing else in it names a system header. This is POSIX:
// Linux uses its one-call forms (accept4, SOCK_NONBLOCK, MSG_NOSIGNAL), other POSIX systems
// (macOS, the BSDs) the portable calls after them, chosen by what the headers define. A Windows
// build replaces this file's .cpp with Winsock calls; the reactor already has a backend for it
// (NotifierReactor).
namespace watchium::server::sockets {

// A listening TCP socket on `host`:`port` (dual-stack for QHostAddress::Any), non-blocking;
// -1 with `error` set when it cannot be opened.
int listenOn(const QHostAddress &host, quint16 port, QString *error);
// The port a socket is bound to (the one chosen for port 0); 0 if unknown.
quint16 localPort(int fd);

struct Accepted
{
    enum class Status {
        Ok, // `fd` is a new connection
        Empty, // nothing waits
        Transient, // that one connection went before it was taken: try the next
        OutOfDescriptors, // EMFILE/ENFILE: see HttpListener::shedOneConnection
        Failed, // the kernel is short of memory: retrying at once would spin
    };
    Status status = Status::Empty;
    int fd = -1;
    QString error; // for Failed
};
// Takes one waiting connection, non-blocking unless asked otherwise, never inherited by a child.
Accepted acceptOne(int listenFd, bool nonBlocking = true);

// A descriptor kept in reserve, given up to accept (and refuse) one connection when the process
// runs out (HttpListener).
int openReserve();
void closeDescriptor(int fd);

// The connected peer, IPv4 peers of a dual-stack socket as IPv4.
QHostAddress peerAddress(int fd);
// Non-blocking, and no Nagle delay: frames and responses are small and latency is the product.
void prepareConnection(int fd);
// Bytes read into `buffer` (> 0); 0 when nothing is there yet; -1 at end of stream or when the
// connection is broken.
qsizetype receiveSome(int fd, char *buffer, qsizetype size);
// Bytes the kernel took from `bytes` (0 when its buffer is full), or -1 when the connection is
// broken. Never raises SIGPIPE.
qsizetype sendSome(int fd, QByteArrayView bytes);
void shutdownWrite(int fd);
// A non-blocking TCP connection to `host`:`port` being made (its first writability says it is
// up, or its first send that it failed); -1 with `error` set when it cannot even start.
int connectTo(const QHostAddress &host, quint16 port, QString *error);
// The system's text for an error number (errno).
QString errorText(int error);
// Whether a non-blocking call that failed with `error` (errno) is to be tried again when the
// socket is ready, rather than a broken connection.
bool wouldBlock(int error);

} // namespace watchium::server::sockets
