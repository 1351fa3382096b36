// Writes handed to write threads (net/OffThreadWrites): what the kernel took comes back to the
// serving thread, a socket's frames keep their order across turns and partial writes, a close
// waits for the write in flight, and a socket that goes with a write in flight keeps its
// connection open until the write is done. Real sockets (socketpairs), real threads.
#include "net/OffThreadWrites.h"
#include "net/Reactor.h"
#include "net/SendQueue.h"
#include "net/WriteCoalescer.h"
#include "net/WsSocket.h"
#include "WsPeer.h"

#include <QSignalSpy>
#include <QtTest>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace watchium;
using namespace watchium::server;
using namespace watchium::test;

namespace {

// Records what the threads report.
class RecordingOwner : public OffThreadWrites::Owner
{
public:
    void written(const QByteArray &bytes, qsizetype sent, int error) override
    {
        this->bytes = bytes;
        this->sent = sent;
        this->error = error;
        ++calls;
    }

    QByteArray bytes;
    qsizetype sent = -1;
    int error = 0;
    int calls = 0;
};

// Frame `index`'s payload: its number, then filler up to `size` bytes.
QByteArray payload(int index, int size)
{
    QByteArray bytes = QByteArray::number(index) + ':';
    bytes.append(std::max<qsizetype>(0, size - bytes.size()), 'x');
    return bytes;
}

// The peer's socket buffer, filled: the kernel takes nothing more until the peer reads.
void fillSendBuffer(int fd)
{
    const QByteArray chunk(64 * 1024, 'f');
    while (::send(fd, chunk.constData(), size_t(chunk.size()), MSG_NOSIGNAL | MSG_DONTWAIT) > 0) { }
}

} // namespace

class TestOffThreadWrites : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendQueueHandsOverAndTakesBack_data();
    void sendQueueHandsOverAndTakesBack();
    void reportsWhatTheKernelTook_data();
    void reportsWhatTheKernelTook();
    void framesKeepTheirOrderAcrossTurns_data();
    void framesKeepTheirOrderAcrossTurns();
    void closeFollowsTheWriteInFlight_data();
    void closeFollowsTheWriteInFlight();
    void socketGoingWithAWriteInFlight_data();
    void socketGoingWithAWriteInFlight();

private:
    // A server end on `peer`, writing through `coalescer`, once upgraded; null if it was not.
    std::unique_ptr<WsSocket> openSocket(Peer &peer, WriteCoalescer &coalescer);

    std::unique_ptr<Reactor> m_reactor = Reactor::create();
};

std::unique_ptr<WsSocket> TestOffThreadWrites::openSocket(Peer &peer, WriteCoalescer &coalescer)
{
    auto socket = std::make_unique<WsSocket>(peer.serverFd, m_reactor.get(), WsSocket::Limits {});
    socket->coalesceWith(&coalescer);
    peer.write(upgradeRequest());
    const bool upgraded = QTest::qWaitFor(
        [&] {
            peer.readAvailable();
            return ws::handshake::headEnd(peer.received) > 0;
        },
        5000);
    return upgraded ? std::move(socket) : nullptr;
}

void TestOffThreadWrites::sendQueueHandsOverAndTakesBack_data()
{
    QTest::addColumn<QByteArray>("held");
    QTest::addColumn<int>("sent");
    QTest::addColumn<QByteArray>("meanwhile");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("all-sent") << QByteArray("abc") << 3 << QByteArray() << QByteArray();
    QTest::newRow("all-sent-more-came")
        << QByteArray("abc") << 3 << QByteArray("de") << QByteArray("de");
    QTest::newRow("part-sent") << QByteArray("abcdef") << 2 << QByteArray() << QByteArray("cdef");
    QTest::newRow("part-sent-more-came")
        << QByteArray("abcdef") << 4 << QByteArray("gh") << QByteArray("efgh");
    QTest::newRow("none-sent") << QByteArray("abc") << 0 << QByteArray("d") << QByteArray("abcd");
}

// The queue's side of a hand-over: take() empties it, putBack() puts the unsent rest in front of
// whatever came meanwhile.
void TestOffThreadWrites::sendQueueHandsOverAndTakesBack()
{
    QFETCH(QByteArray, held);
    QFETCH(int, sent);
    QFETCH(QByteArray, meanwhile);
    QFETCH(QByteArray, expected);
    SendQueue queue;
    QCOMPARE(queue.hold(held, 1024), SendQueue::Result::Queued);
    const QByteArray taken = queue.take();
    QCOMPARE(taken, held);
    QCOMPARE(queue.size(), 0);
    if (!meanwhile.isEmpty())
        QCOMPARE(queue.hold(meanwhile, 1024), SendQueue::Result::Queued);
    if (sent < taken.size())
        queue.putBack(QByteArrayView(taken).sliced(sent));
    QCOMPARE(queue.size(), expected.size());
    QCOMPARE(queue.take(), expected);
}

void TestOffThreadWrites::reportsWhatTheKernelTook_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<int>("threads");
    QTest::newRow("reading") << QStringLiteral("reading") << 1;
    QTest::newRow("full") << QStringLiteral("full") << 1;
    QTest::newRow("closed") << QStringLiteral("closed") << 1;
    QTest::newRow("reading-of-three-threads") << QStringLiteral("reading") << 3;
}

// Everything, part of it (the kernel's buffer is full) or an error (the peer is gone), back on
// the serving thread.
void TestOffThreadWrites::reportsWhatTheKernelTook()
{
    QFETCH(QString, peer);
    QFETCH(int, threads);
    int fds[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    const auto closeBoth = qScopeGuard([&] {
        ::close(fds[1]);
        if (fds[0] >= 0)
            ::close(fds[0]);
    });
    const QByteArray bytes(200 * 1024, 'b'); // larger than a socketpair takes at once
    if (peer == QLatin1String("full"))
        fillSendBuffer(fds[1]);
    if (peer == QLatin1String("closed")) {
        ::close(fds[0]);
        fds[0] = -1;
    }
    OffThreadWrites writes(threads);
    QCOMPARE(writes.threads(), threads);
    RecordingOwner owner;
    writes.hand(&owner, fds[1], peer == QLatin1String("reading") ? QByteArray("hello") : bytes);
    QCOMPARE(owner.calls, 0); // nothing goes before submit()
    writes.submit();
    QTRY_COMPARE_WITH_TIMEOUT(owner.calls, 1, 5000);
    QCOMPARE(writes.handed(), 1);
    if (peer == QLatin1String("reading")) {
        QCOMPARE(owner.error, 0);
        QCOMPARE(owner.sent, 5);
        char buffer[16];
        QCOMPARE(::recv(fds[0], buffer, sizeof(buffer), 0), ssize_t(5));
        QCOMPARE(QByteArray(buffer, 5), QByteArray("hello"));
        QCOMPARE(writes.partial(), 0);
    } else if (peer == QLatin1String("full")) {
        QCOMPARE(owner.error, 0);
        QCOMPARE(owner.sent, 0);
        QCOMPARE(owner.bytes, bytes); // handed back whole, for the serving thread to queue
        QCOMPARE(writes.partial(), 1);
    } else {
        QCOMPARE(owner.error, EPIPE);
        QCOMPARE(writes.partial(), 0);
    }
}

void TestOffThreadWrites::framesKeepTheirOrderAcrossTurns_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("frames");
    QTest::addColumn<int>("frameBytes");
    QTest::newRow("small-one-thread") << 1 << 200 << 40;
    QTest::newRow("small-two-threads") << 2 << 200 << 40;
    // 1.6 MB per socket while the peer does not read: writes come back partial, and the rest
    // waits for writability on the serving thread.
    QTest::newRow("past-the-kernels-buffer") << 2 << 100 << 16 * 1024;
}

// Two sockets (on two threads when there are two) are sent frames over many turns while their
// peers do not read; once the peers read, every frame is there, whole and in order.
void TestOffThreadWrites::framesKeepTheirOrderAcrossTurns()
{
    QFETCH(int, threads);
    QFETCH(int, frames);
    QFETCH(int, frameBytes);
    WriteCoalescer coalescer;
    coalescer.setWriteThreads(threads);
    QVERIFY(coalescer.offThread());
    Peer peers[2];
    std::vector<std::unique_ptr<WsSocket>> sockets;
    for (Peer &peer : peers) {
        sockets.push_back(
            std::make_unique<WsSocket>(peer.serverFd, m_reactor.get(), WsSocket::Limits {}));
        sockets.back()->coalesceWith(&coalescer);
        peer.write(upgradeRequest());
    }
    for (Peer &peer : peers) {
        QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                                 5000);
    }
    for (int i = 0; i < frames; ++i) {
        for (const auto &socket : sockets)
            socket->sendText(payload(i, frameBytes));
        // A turn every few frames: some are handed over, some wait behind a write in flight.
        if (i % 3 == 2)
            QCoreApplication::processEvents();
    }
    if (frameBytes * frames > 1024 * 1024) {
        QTRY_VERIFY_WITH_TIMEOUT(coalescer.offThread()->partial() > 0, 5000);
    }
    for (Peer &peer : peers) {
        QTRY_COMPARE_WITH_TIMEOUT((peer.readAvailable(), framesAfterHead(peer.received).size()),
                                  qsizetype(frames), 10000);
        const auto events = framesAfterHead(peer.received);
        for (int i = 0; i < frames; ++i)
            QCOMPARE(events.at(i).payload, payload(i, frameBytes));
    }
    QVERIFY(coalescer.offThread()->handed() >= 2);
    for (const auto &socket : sockets) {
        QCOMPARE(socket->state(), WsSocket::State::Open);
        QTRY_COMPARE_WITH_TIMEOUT(socket->queuedBytes(), 0, 5000);
    }
}

void TestOffThreadWrites::closeFollowsTheWriteInFlight_data()
{
    QTest::addColumn<bool>("drained");
    QTest::newRow("in-a-later-turn") << false;
    // A server stopping drains the write threads and closes its sockets in the same turn.
    QTest::newRow("drained-first") << true;
}

// A close sent while a thread writes the socket's frames follows them and the frames sent
// meanwhile: once the write is done in a later turn, or at once after a drain.
void TestOffThreadWrites::closeFollowsTheWriteInFlight()
{
    QFETCH(bool, drained);
    Peer peer;
    WriteCoalescer coalescer;
    coalescer.setWriteThreads(1);
    const auto socket = openSocket(peer, coalescer);
    QVERIFY(socket);
    socket->sendText("before");
    coalescer.flushAll(); // the turn's end: "before" is with the thread now
    QCOMPARE(coalescer.offThread()->handed(), 1);
    socket->sendText("meanwhile"); // waits behind it
    if (drained)
        coalescer.drain();
    const quint16 code = drained ? ws::close::GoingAway : ws::close::Normal;
    socket->close(code, QStringLiteral("bye"));
    QCOMPARE(socket->state(), WsSocket::State::Closing);
    if (drained) {
        // No event loop ran since: everything is with the kernel already.
        peer.readAvailable();
        QCOMPARE(framesAfterHead(peer.received).size(), 3);
    }
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).payload, QByteArray("before"));
    QCOMPARE(events.at(1).payload, QByteArray("meanwhile"));
    QCOMPARE(events.at(2).closeCode, code);
}

void TestOffThreadWrites::socketGoingWithAWriteInFlight_data()
{
    QTest::addColumn<bool>("deleted");
    QTest::newRow("aborted") << false;
    QTest::newRow("deleted") << true;
}

// The socket goes while a thread holds its bytes: they still arrive, and its connection closes
// only once the thread is done (before that, its descriptor could be given to a new connection
// and the thread's bytes land there).
void TestOffThreadWrites::socketGoingWithAWriteInFlight()
{
    QFETCH(bool, deleted);
    Peer peer;
    WriteCoalescer coalescer;
    coalescer.setWriteThreads(1);
    auto socket = std::make_unique<WsSocket>(peer.serverFd, m_reactor.get(), WsSocket::Limits {});
    socket->coalesceWith(&coalescer);
    peer.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                             5000);
    socket->sendText("last words");
    coalescer.flushAll();
    QCOMPARE(coalescer.offThread()->handed(), 1);
    // Its outcome comes back only through this thread's event loop, which has not run: the
    // write is in flight whatever the thread did meanwhile.
    if (deleted)
        socket.reset();
    else
        socket->abort();
    // Still open: closed when the outcome is collected, whether or not the thread has written.
    peer.readAvailable();
    QVERIFY(!peer.eof);
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).payload, QByteArray("last words"));
}

QTEST_GUILESS_MAIN(TestOffThreadWrites)
#include "tst_off_thread_writes.moc"
