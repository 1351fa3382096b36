// TlsStream under a real TCP connection, driven the way HttpConnection drives its stream (a
// SendQueue, writes retried on writability), to Qt's QSslSocket: a reader slower than the
// writer makes the kernel take records in parts, and every byte still arrives once, in order.
#include "net/PlainStream.h"
#include "net/SendQueue.h"
#include "TestCertificates.h"
#include "tls/TlsCredentials.h"
#include "tls/TlsStream.h"

#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpServer>
#include <QtTest>

#include <sys/socket.h>

using namespace watchium;
using namespace watchium::server;

namespace {
constexpr int kWaitMs = 20'000;

// Hands out the accepted descriptor itself, as the server's own listener has it.
class RawServer : public QTcpServer
{
public:
    qintptr accepted = -1;

protected:
    void incomingConnection(qintptr fd) override { accepted = fd; }
};
} // namespace

class TstTlsStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slowReaderGetsEveryByte();
};

void TstTlsStream::slowReaderGetsEveryByte()
{
    test::TestCertificates certs;
    QVERIFY2(certs.makeSelfSigned(QStringLiteral("site")), qPrintable(certs.error()));
    QString error;
    const auto credentials = TlsCredentials::load(certs.cert(QStringLiteral("site")),
                                                  certs.key(QStringLiteral("site")), &error);
    QVERIFY2(credentials, qPrintable(error));

    RawServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QSslSocket client;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(certs.cert(QStringLiteral("site"))));
    client.setSslConfiguration(config);
    // Qt stops reading from the kernel when this much waits unread: the kernel's buffers fill.
    client.setReadBufferSize(8 * 1024);
    client.connectToHostEncrypted(QStringLiteral("localhost"), listener.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(listener.accepted >= 0, kWaitMs);
    const int fd = int(listener.accepted);
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    TlsStream stream(std::make_unique<PlainStream>(fd), *credentials->context());

    QByteArray payload(2 * 1024 * 1024 + 3, Qt::Uninitialized);
    QRandomGenerator(11).fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
    SendQueue queue;
    bool sendStarted = false;
    int timesQueued = 0;
    QSocketNotifier readable(fd, QSocketNotifier::Read);
    QSocketNotifier writable(fd, QSocketNotifier::Write);
    writable.setEnabled(false);
    const auto afterSend = [&](SendQueue::Result result) {
        QVERIFY(result == SendQueue::Result::Sent || result == SendQueue::Result::Queued);
        timesQueued += result == SendQueue::Result::Queued;
        writable.setEnabled(queue.size() > 0);
    };
    const auto send = [&] {
        // In pieces, as responses and frames come: each write goes after what waits.
        for (qsizetype at = 0; at < payload.size(); at += 300'000)
            afterSend(queue.write(stream,
                                  QByteArrayView(payload).sliced(at).first(
                                      std::min<qsizetype>(300'000, payload.size() - at)),
                                  64 * 1024 * 1024));
        sendStarted = true;
    };
    // Once the client's handshake has reached the server (its Finished), as a request would.
    connect(&readable, &QSocketNotifier::activated, this, [&] {
        char buffer[16 * 1024];
        while (stream.read(buffer, sizeof buffer) > 0) { }
        if (!sendStarted && stream.session().isOpen())
            send();
    });
    connect(&writable, &QSocketNotifier::activated, this, [&] { afterSend(queue.flush(stream)); });
    // Before that, writing is refused: nothing could be answered yet.
    QCOMPARE(stream.write("too early"), qsizetype(-1));

    QByteArray received;
    if (!QTest::qWaitFor(
            [&] {
                received += client.read(4096); // slower than the writer
                return received.size() >= payload.size();
            },
            kWaitMs)) {
        qWarning() << "received" << received.size() << "queued" << queue.size() << "started"
                   << sendStarted << "times queued" << timesQueued << "writable"
                   << writable.isEnabled() << client.errorString();
    }
    QVERIFY(sendStarted);
    QVERIFY2(timesQueued > 0, "the kernel never pushed back: the test proves nothing");
    QCOMPARE(received.size(), payload.size());
    QVERIFY(received == payload);
    QCOMPARE(queue.size(), 0);
}

QTEST_GUILESS_MAIN(TstTlsStream)
#include "tst_tls_stream.moc"
