// The lean WebSocket layer on real sockets. For the server end a socketpair stands in for the
// network and the test plays the client with the core codec; the client end meets a server end
// over TCP on 127.0.0.1.
#include "net/PlainStream.h"
#include "net/Reactor.h"
#include "net/Sockets.h"
#include "net/WsSocket.h"
#include "websocket/WsFrame.h"
#include "websocket/WsFrameParser.h"
#include "websocket/WsHandshake.h"
#include "WsPeer.h"

#include <QSignalSpy>
#include <QtTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace watchium;
using namespace watchium::server;
using namespace watchium::test;

namespace {

// A listening socket on 127.0.0.1, port 0, for the client end's tests.
class Listener
{
public:
    Listener()
    {
        QString error;
        m_fd = sockets::listenOn(QHostAddress(QHostAddress::LocalHost), 0, &error);
        QVERIFY2(m_fd >= 0, qPrintable(error));
        port = sockets::localPort(m_fd);
    }
    ~Listener() { close(); }
    void close()
    {
        if (m_fd >= 0)
            sockets::closeDescriptor(m_fd);
        m_fd = -1;
    }
    // The next connection, or -1 if none came in time.
    int accept() const
    {
        sockets::Accepted accepted;
        const bool came = QTest::qWaitFor(
            [&] {
                accepted = sockets::acceptOne(m_fd);
                return accepted.status == sockets::Accepted::Status::Ok;
            },
            5000);
        return came ? accepted.fd : -1;
    }

    quint16 port = 0;

private:
    int m_fd = -1;
};

std::unique_ptr<WsSocket> openClient(quint16 port, Reactor *reactor,
                                     const WsSocket::Limits &limits = {})
{
    QString error;
    const int fd = sockets::connectTo(QHostAddress(QHostAddress::LocalHost), port, &error);
    if (fd < 0)
        qWarning() << error;
    return fd < 0 ? nullptr
                  : std::make_unique<WsSocket>(std::make_unique<PlainStream>(fd), "localhost",
                                               "/realtime/v1/websocket?vsn=2.0.0", reactor, limits);
}

} // namespace

class TestWsSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backendNames_data();
    void backendNames();
    void reactorFollowsTheEnvironment();
    void takesWhatTheHttpLayerRead();
    void upgradesAndCarriesMessages();
    void answersPingAndReassemblesFragments();
    void refusesBadHandshakes_data();
    void refusesBadHandshakes();
    void closesOnOversizedMessage();
    void echoesThePeersClose();
    void serverCloseWaitsForThePeer();
    void dropsAPeerThatStopsReading_data();
    void dropsAPeerThatStopsReading();
    void coalescesATurnsFramesIntoOneWrite_data();
    void coalescesATurnsFramesIntoOneWrite();
    void aFrameThatMayWaitWaitsForCompany_data();
    void aFrameThatMayWaitWaitsForCompany();
    void dropsAHandshakeThatNeverCompletes();
    void peerVanishing();
    void clientAndServerEnds_data();
    void clientAndServerEnds();
    void clientReportsFailures_data();
    void clientReportsFailures();

private:
    // The backend WATCHIUM_REACTOR names: CTest runs this test on each.
    std::unique_ptr<Reactor> m_reactor = Reactor::create();
};

void TestWsSocket::backendNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<Reactor::Backend>("fallback");
    QTest::addColumn<Reactor::Backend>("expected");
    const auto epoll = Reactor::Backend::Epoll;
    const auto notifier = Reactor::Backend::Notifier;
    // epoll only where the build has it (Linux); asking for it elsewhere is the fallback.
    const auto epollHere = Reactor::hasBackend(epoll) ? epoll : notifier;
    QTest::newRow("notifier") << QByteArray("notifier") << epollHere << notifier;
    QTest::newRow("epoll") << QByteArray("epoll") << notifier << epollHere;
    QTest::newRow("unknown") << QByteArray("kqueue") << notifier << notifier;
    QTest::newRow("empty") << QByteArray() << epollHere << epollHere;
    QTest::newRow("case") << QByteArray("EPOLL") << notifier << notifier;
}

void TestWsSocket::backendNames()
{
    QFETCH(QByteArray, name);
    QFETCH(Reactor::Backend, fallback);
    QFETCH(Reactor::Backend, expected);
    QCOMPARE(Reactor::backendNamed(name, fallback), expected);
}

// The notifier run really runs on notifiers: the suite's second pass is not the first again.
void TestWsSocket::reactorFollowsTheEnvironment()
{
    const QByteArray asked = qgetenv("WATCHIUM_REACTOR");
    if (asked.isEmpty())
        QSKIP("no backend asked for: the build's default");
    QCOMPARE(Reactor::nameOf(m_reactor->backend()).toUtf8(), asked);
}

void TestWsSocket::takesWhatTheHttpLayerRead()
{
    // The HTTP connection read the handshake and a first frame before it saw the upgrade.
    Peer peer;
    WsSocket socket(std::make_unique<PlainStream>(peer.serverFd),
                    upgradeRequest() + ws::FrameWriter::frame(ws::Opcode::Text, "hi", kMask),
                    m_reactor.get(), {});
    QSignalSpy upgraded(&socket, &WsSocket::upgraded);
    QSignalSpy texts(&socket, &WsSocket::textMessage);
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, 5000);
    QCOMPARE(upgraded.size(), 1);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("hi"));
    peer.sendFrame(ws::Opcode::Text, "more");
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                             5000);
}

void TestWsSocket::upgradesAndCarriesMessages()
{
    Peer peer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    QSignalSpy upgraded(&socket, &WsSocket::upgraded);
    QSignalSpy texts(&socket, &WsSocket::textMessage);
    QSignalSpy binaries(&socket, &WsSocket::binaryMessage);
    // The request and a first frame in one write, split across the head's end.
    peer.write(upgradeRequest() + ws::FrameWriter::frame(ws::Opcode::Text, "hello", kMask));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, 5000);
    QCOMPARE(upgraded.size(), 1);
    QCOMPARE(socket.state(), WsSocket::State::Open);
    QCOMPARE(socket.target(), QByteArray("/realtime/v1/websocket?vsn=2.0.0"));
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("hello"));

    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                             5000);
    QString error;
    const qsizetype end = ws::handshake::headEnd(peer.received);
    QVERIFY2(ws::handshake::checkResponse(QByteArrayView(peer.received).first(end),
                                          "dGhlIHNhbXBsZSBub25jZQ==", &error),
             qPrintable(error));

    const QByteArray payload(70'000, 'x'); // a 64-bit length on the wire
    peer.sendFrame(ws::Opcode::Binary, QByteArray(1000, 'b'));
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, 5000);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), QByteArray(1000, 'b'));

    const QByteArray frame = ws::FrameWriter::frame(ws::Opcode::Text, payload);
    socket.sendFrame(frame);
    socket.sendText("second");
    QTRY_COMPARE_WITH_TIMEOUT((peer.readAvailable(), framesAfterHead(peer.received).size()), 2,
                              5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.at(0).payload, payload);
    QCOMPARE(events.at(1).payload, QByteArray("second"));
}

void TestWsSocket::answersPingAndReassemblesFragments()
{
    Peer peer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    QSignalSpy texts(&socket, &WsSocket::textMessage);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    // "Hel" + ping + "lo": a control frame may come between a message's fragments.
    QByteArray first = ws::FrameWriter::frame(ws::Opcode::Text, "Hel", kMask);
    first[0] = char(quint8(first[0]) & 0x7f); // FIN cleared
    peer.write(first);
    peer.sendFrame(ws::Opcode::Ping, "are you there");
    peer.sendFrame(ws::Opcode::Continuation, "lo");
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, 5000);
    QCOMPARE(texts.at(0).at(0).toByteArray(), QByteArray("Hello"));
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), !framesAfterHead(peer.received).isEmpty()),
                             5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.at(0).kind, ws::FrameParser::Event::Kind::Pong);
    QCOMPARE(events.at(0).payload, QByteArray("are you there"));
}

void TestWsSocket::refusesBadHandshakes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("plain GET") << QByteArray(
        "GET /realtime/v1/websocket HTTP/1.1\r\nHost: x\r\n\r\n")
                               << QByteArray("400");
    QTest::newRow("old version") << QByteArray(
        upgradeRequest().replace("Version: 13", "Version: 8"))
                                 << QByteArray("426");
    QTest::newRow("short key") << upgradeRequest("c2hvcnQ=") << QByteArray("400");
    QTest::newRow("garbage head") << QByteArray("\x01\x02\x03 nonsense\r\n\r\n")
                                  << QByteArray("400");
}

void TestWsSocket::refusesBadHandshakes()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, status);
    Peer peer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    QSignalSpy upgraded(&socket, &WsSocket::upgraded);
    peer.write(request);
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
    QVERIFY2(peer.received.startsWith("HTTP/1.1 " + status), peer.received.constData());
    const qsizetype end = ws::handshake::headEnd(peer.received);
    QVERIFY(end > 0);
    const QJsonObject body = QJsonDocument::fromJson(peer.received.sliced(end)).object();
    QCOMPARE(body.value("success").toBool(true), false);
    QVERIFY(!body.value("error").toObject().value("message").toString().isEmpty());
    QCOMPARE(upgraded.size(), 0);
}

void TestWsSocket::closesOnOversizedMessage()
{
    Peer peer;
    WsSocket::Limits limits;
    limits.maxMessageBytes = 1024;
    WsSocket socket(peer.serverFd, m_reactor.get(), limits);
    QSignalSpy texts(&socket, &WsSocket::textMessage);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    peer.sendFrame(ws::Opcode::Text, QByteArray(2048, 'a'));
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), !framesAfterHead(peer.received).isEmpty()),
                             5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.at(0).kind, ws::FrameParser::Event::Kind::Close);
    QCOMPARE(events.at(0).closeCode, ws::close::TooBig);
    QCOMPARE(texts.size(), 0);
    QCOMPARE(socket.state(), WsSocket::State::Closing);
}

void TestWsSocket::echoesThePeersClose()
{
    Peer peer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    QSignalSpy disconnected(&socket, &WsSocket::disconnected);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    peer.write(ws::FrameWriter::closeFrame(4001, "bye", kMask));
    // The server answers with the same code and shuts its side; the peer closes the connection.
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).closeCode, quint16(4001));
    peer.closeNow();
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(socket.state(), WsSocket::State::Closed);
}

void TestWsSocket::serverCloseWaitsForThePeer()
{
    Peer peer;
    WsSocket::Limits limits;
    limits.closeTimeoutMs = 100;
    WsSocket socket(peer.serverFd, m_reactor.get(), limits);
    QSignalSpy disconnected(&socket, &WsSocket::disconnected);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    socket.close(ws::close::PolicyViolation, QStringLiteral("unsupported serializer"));
    socket.sendText("after close"); // dropped: nothing follows a close frame
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
    const auto events = framesAfterHead(peer.received);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).closeCode, ws::close::PolicyViolation);
    QCOMPARE(events.at(0).closeReason, QByteArray("unsupported serializer"));
    // A peer that never answers the close is dropped after the close timeout.
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.size(), 1);
}

void TestWsSocket::dropsAPeerThatStopsReading_data()
{
    QTest::addColumn<bool>("coalesced");
    QTest::newRow("each-at-once") << false;
    QTest::newRow("coalesced") << true; // held for the turn's end, the bound still holds
}

void TestWsSocket::dropsAPeerThatStopsReading()
{
    QFETCH(bool, coalesced);
    Peer peer;
    WsSocket::Limits limits;
    limits.maxQueuedBytes = 256 * 1024;
    WriteCoalescer coalescer;
    WsSocket socket(peer.serverFd, m_reactor.get(), limits);
    if (coalesced)
        socket.coalesceWith(&coalescer);
    QSignalSpy disconnected(&socket, &WsSocket::disconnected);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    const QByteArray frame = ws::FrameWriter::frame(ws::Opcode::Text, QByteArray(16 * 1024, 'z'));
    // The kernel takes the first few hundred KiB; then the queue fills and the peer goes.
    int sent = 0;
    while (socket.state() == WsSocket::State::Open && sent < 10'000) {
        socket.sendFrame(frame);
        ++sent;
        QVERIFY(socket.queuedBytes() <= limits.maxQueuedBytes);
    }
    QCOMPARE(socket.state(), WsSocket::State::Closed);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(socket.queuedBytes(), 0);
}

void TestWsSocket::coalescesATurnsFramesIntoOneWrite_data()
{
    QTest::addColumn<int>("frames");
    QTest::addColumn<bool>("closeAfter");
    QTest::newRow("one") << 1 << false;
    QTest::newRow("three") << 3 << false;
    QTest::newRow("fifty") << 50 << false;
    QTest::newRow("three-then-close") << 3 << true;
}

// Frames sent in one turn of the event loop wait for its end and leave together, in order; a
// close frame follows them.
void TestWsSocket::coalescesATurnsFramesIntoOneWrite()
{
    QFETCH(int, frames);
    QFETCH(bool, closeAfter);
    Peer peer;
    WriteCoalescer coalescer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    socket.coalesceWith(&coalescer);
    peer.write(upgradeRequest());
    // The handshake's answer is not held.
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                             5000);
    QCOMPARE(socket.state(), WsSocket::State::Open);
    for (int i = 0; i < frames; ++i)
        socket.sendText(QByteArray::number(i));
    QVERIFY(socket.queuedBytes() > 0);
    QCOMPARE(peer.readAvailable(), QByteArray());
    QCOMPARE(coalescer.pending(), std::size_t(1)); // one flush, however many frames
    if (closeAfter) {
        // The close goes at once, with what the turn held before it: a server shutting down
        // may not get another turn.
        socket.close(ws::close::Normal, QStringLiteral("bye"));
        QCOMPARE(coalescer.pending(), std::size_t(0));
        QCOMPARE(socket.queuedBytes(), 0);
    }
    QTRY_COMPARE_WITH_TIMEOUT((peer.readAvailable(), framesAfterHead(peer.received).size()),
                              qsizetype(frames + (closeAfter ? 1 : 0)), 5000);
    const auto events = framesAfterHead(peer.received);
    for (int i = 0; i < frames; ++i)
        QCOMPARE(events.at(i).payload, QByteArray::number(i));
    if (closeAfter)
        QCOMPARE(events.at(frames).closeCode, ws::close::Normal);
    else
        QCOMPARE(socket.queuedBytes(), 0);
    QCOMPARE(coalescer.pending(), std::size_t(0));
}

void TestWsSocket::aFrameThatMayWaitWaitsForCompany_data()
{
    QTest::addColumn<int>("patienceMs");
    QTest::addColumn<QString>("then"); // what follows the frame that may wait
    // Alone, it leaves once it has waited the patience.
    QTest::newRow("alone") << 50 << QString();
    // With company, it leaves in the next frame's write, first, long before its patience ends.
    QTest::newRow("a frame follows") << 600'000 << QStringLiteral("frame");
    QTest::newRow("another that may wait, then a frame")
        << 600'000 << QStringLiteral("patient,frame");
    QTest::newRow("a close follows") << 600'000 << QStringLiteral("close");
}

void TestWsSocket::aFrameThatMayWaitWaitsForCompany()
{
    QFETCH(int, patienceMs);
    QFETCH(QString, then);
    Peer peer;
    WriteCoalescer coalescer;
    coalescer.setPatienceMs(patienceMs);
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    socket.coalesceWith(&coalescer);
    peer.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), ws::handshake::headEnd(peer.received) > 0),
                             5000);

    socket.sendFramePatiently(ws::FrameWriter::frame(ws::Opcode::Text, "0"));
    QCOMPARE(coalescer.pending(), std::size_t(0)); // no flush asked for
    QVERIFY(socket.queuedBytes() > 0);
    QList<QByteArray> expected {"0"};
    for (const QString &next : then.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QByteArray payload = QByteArray::number(expected.size());
        if (next == QLatin1String("patient"))
            socket.sendFramePatiently(ws::FrameWriter::frame(ws::Opcode::Text, payload));
        else if (next == QLatin1String("frame"))
            socket.sendText(payload);
        else
            socket.close(ws::close::Normal, QStringLiteral("bye"));
        if (next != QLatin1String("close"))
            expected << payload;
    }
    const bool closes = then.endsWith(QLatin1String("close"));
    QTRY_COMPARE_WITH_TIMEOUT((peer.readAvailable(), framesAfterHead(peer.received).size()),
                              expected.size() + (closes ? 1 : 0), 5000);
    const auto events = framesAfterHead(peer.received);
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(events.at(i).payload, expected.at(i));
    if (closes)
        QCOMPARE(events.last().closeCode, ws::close::Normal);
}

void TestWsSocket::dropsAHandshakeThatNeverCompletes()
{
    Peer peer;
    WsSocket::Limits limits;
    limits.handshakeTimeoutMs = 50;
    WsSocket socket(peer.serverFd, m_reactor.get(), limits);
    QSignalSpy disconnected(&socket, &WsSocket::disconnected);
    peer.write("GET /realtime/v1/websocket HTTP/1.1\r\nHost: x\r\n");
    QVERIFY(disconnected.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT((peer.readAvailable(), peer.eof), 5000);
}

void TestWsSocket::peerVanishing()
{
    Peer peer;
    WsSocket socket(peer.serverFd, m_reactor.get(), {});
    QSignalSpy disconnected(&socket, &WsSocket::disconnected);
    peer.write(upgradeRequest());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), WsSocket::State::Open, 5000);
    peer.closeNow();
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.size(), 1);
    socket.sendText("nobody there"); // harmless
    QCOMPARE(socket.state(), WsSocket::State::Closed);
}

void TestWsSocket::clientAndServerEnds_data()
{
    QTest::addColumn<bool>("clientCloses");
    QTest::newRow("client closes") << true;
    QTest::newRow("server closes") << false;
}

// Both ends are this class over real TCP: the client's frames are masked (the server's parser
// closes on an unmasked one), pings are answered, and either end's close is echoed by the other.
void TestWsSocket::clientAndServerEnds()
{
    QFETCH(bool, clientCloses);
    Listener listener;
    const auto client = openClient(listener.port, m_reactor.get());
    QVERIFY(client);
    QCOMPARE(client->role(), WsSocket::Role::Client);
    QCOMPARE(client->state(), WsSocket::State::Connecting);
    const int fd = listener.accept();
    QVERIFY(fd >= 0);
    WsSocket::Limits limits;
    limits.maxMessageBytes = 128 * 1024;
    WsSocket server(fd, m_reactor.get(), limits);
    QSignalSpy clientUp(client.get(), &WsSocket::upgraded);
    QSignalSpy serverTexts(&server, &WsSocket::textMessage);
    QSignalSpy clientTexts(client.get(), &WsSocket::textMessage);
    QSignalSpy clientGone(client.get(), &WsSocket::disconnected);
    QSignalSpy serverGone(&server, &WsSocket::disconnected);
    QVERIFY(clientUp.wait(5000));
    QCOMPARE(server.state(), WsSocket::State::Open);
    QCOMPARE(server.target(), QByteArray("/realtime/v1/websocket?vsn=2.0.0"));

    client->sendText("from the client");
    client->sendText(QByteArray(70'000, 'c')); // a 64-bit length, masked
    server.sendText("from the server");
    QTRY_COMPARE_WITH_TIMEOUT(serverTexts.size(), 2, 5000);
    QCOMPARE(serverTexts.at(0).at(0).toByteArray(), QByteArray("from the client"));
    QCOMPARE(serverTexts.at(1).at(0).toByteArray(), QByteArray(70'000, 'c'));
    QTRY_COMPARE_WITH_TIMEOUT(clientTexts.size(), 1, 5000);
    QCOMPARE(clientTexts.at(0).at(0).toByteArray(), QByteArray("from the server"));

    if (clientCloses)
        client->close(4000, QStringLiteral("done"));
    else
        server.close(4001, QStringLiteral("room closed"));
    QTRY_VERIFY_WITH_TIMEOUT(clientGone.size() == 1 && serverGone.size() == 1, 5000);
    // The close was answered, not timed out: each end saw the other's close frame.
    QCOMPARE(client->peerCloseCode(), quint16(clientCloses ? 4000 : 4001));
    QCOMPARE(server.peerCloseCode(), quint16(clientCloses ? 4000 : 4001));
    QCOMPARE(clientCloses ? server.peerCloseReason() : client->peerCloseReason(),
             clientCloses ? QStringLiteral("done") : QStringLiteral("room closed"));
    QCOMPARE(client->errorString(), QString());
    QCOMPARE(server.errorString(), QString());
}

void TestWsSocket::clientReportsFailures_data()
{
    QTest::addColumn<QByteArray>("answer"); // what the server sends back; "-" for no listener
    QTest::addColumn<QString>("error"); // a part of the client's errorString()
    QTest::newRow("refused") << QByteArray("-") << QStringLiteral("refused");
    QTest::newRow("not a WebSocket") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                                     << QStringLiteral("answered 200");
    QTest::newRow("closed at once") << QByteArray("") << QStringLiteral("closed during");
    QTest::newRow("silent") << QByteArray("wait") << QStringLiteral("timed out");
}

void TestWsSocket::clientReportsFailures()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, error);
    Listener listener;
    if (answer == "-")
        listener.close(); // nothing listens on the port any more
    WsSocket::Limits limits;
    limits.handshakeTimeoutMs = 300;
    const auto client = openClient(listener.port, m_reactor.get(), limits);
    QVERIFY(client);
    QSignalSpy upgraded(client.get(), &WsSocket::upgraded);
    QSignalSpy gone(client.get(), &WsSocket::disconnected);
    int fd = -1;
    if (answer != "-") {
        fd = listener.accept();
        QVERIFY(fd >= 0);
        if (answer == "")
            sockets::closeDescriptor(std::exchange(fd, -1));
        else if (answer != "wait")
            QCOMPARE(sockets::sendSome(fd, answer), answer.size());
    }
    QVERIFY(gone.wait(5000));
    if (fd >= 0)
        sockets::closeDescriptor(fd);
    QCOMPARE(upgraded.size(), 0);
    QCOMPARE(client->state(), WsSocket::State::Closed);
    QVERIFY2(client->errorString().contains(error, Qt::CaseInsensitive),
             qPrintable(client->errorString()));
}

QTEST_GUILESS_MAIN(TestWsSocket)
#include "tst_wssocket.moc"
