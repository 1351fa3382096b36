#include "HeadlessProcess.h"
#include "ServerProcess.h"
#include "TestMediaFile.h"
#include "WsClient.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace watchium;
using protocol::Message;
using test::HeadlessProcess;
using test::ServerProcess;
using test::WsClient;

namespace {

const QString kEpisode = QStringLiteral("Frieren - 01.wav");

bool isEvent(const QJsonObject &line, const char *event)
{
    return line.value(QLatin1String("event")) == QLatin1String(event);
}

// The newest presence meta per member a viewer has seen, from presence_state and _diff joins.
QHash<QString, QJsonObject> latestMetas(const WsClient &viewer)
{
    QHash<QString, QJsonObject> metas;
    for (const Message &m : viewer.received()) {
        QJsonObject byKey;
        if (m.event == QLatin1String("presence_state"))
            byKey = m.payload;
        else if (m.event == QLatin1String("presence_diff"))
            byKey = m.payload.value(QLatin1String("joins")).toObject();
        for (auto it = byKey.begin(); it != byKey.end(); ++it) {
            const QJsonArray list = it.value().toObject().value(QLatin1String("metas")).toArray();
            if (!list.isEmpty())
                metas.insert(it.key(), list.last().toObject());
        }
    }
    return metas;
}

double reportedDuration(const QHash<QString, QJsonObject> &metas, const QString &user)
{
    return metas.value(user)
        .value(QLatin1String("media"))
        .toObject()
        .value(QLatin1String("duration"))
        .toDouble();
}

} // namespace

// Own copies end to end: a host creates a room from a local file (no URL), members play their
// own files on real libmpv, and a file of another length is reported as a mismatch by everyone
// while an equal one is not. The files' paths never reach the wire.
class TestOwnFilesHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void mismatchReportedAndNoPathSent();
    void createWithoutVideoOrMediaRefused();

private:
    std::unique_ptr<HeadlessProcess> client(const QString &name, const QStringList &arguments);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
};

void TestOwnFilesHeadless::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(WATCHIUM_BINARY));
    QVERIFY(m_server->start({QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("db")),
                             QStringLiteral("--no-rate-limits")}));
}

void TestOwnFilesHeadless::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<HeadlessProcess> TestOwnFilesHeadless::client(const QString &name,
                                                              const QStringList &arguments)
{
    auto p = std::make_unique<HeadlessProcess>(name, QStringLiteral(WATCHIUM_BINARY));
    p->start(QStringList {QStringLiteral("--server-url"), m_server->url(), QStringLiteral("--name"),
                          name, QStringLiteral("--user-id"), name}
             + arguments);
    return p;
}

void TestOwnFilesHeadless::mismatchReportedAndNoPathSent()
{
    // Everyone's copy has the same name, in a folder of its own; the odd one is 10 s shorter.
    QDir root(m_dir->path());
    for (const char *folder : {"host", "same", "short"})
        QVERIFY(root.mkdir(QString::fromLatin1(folder)));
    const QString hostFile = root.filePath(QStringLiteral("host/") + kEpisode);
    const QString sameFile = root.filePath(QStringLiteral("same/") + kEpisode);
    const QString shortFile = root.filePath(QStringLiteral("short/") + kEpisode);
    QVERIFY(test::writeWav(hostFile, 30.0));
    QVERIFY(test::writeWav(sameFile, 30.0));
    QVERIFY(test::writeWav(shortFile, 20.0));

    auto host = client(QStringLiteral("host"),
                       {QStringLiteral("--create"), QStringLiteral("--title"),
                        QStringLiteral("Own copies"), QStringLiteral("--anime-id"),
                        QStringLiteral("frieren"), QStringLiteral("--anime-title"),
                        QStringLiteral("Frieren"), QStringLiteral("--media"), hostFile});
    const auto room = host->waitFor([](const QJsonObject &l) { return isEvent(l, "room"); }, 20000);
    QVERIFY(room);
    const QString roomId = room->value(QLatin1String("room_id")).toString();
    const QString topic = QStringLiteral("realtime:room:") + roomId;

    // A viewer on the channel sees every presence meta the members send, as relayed.
    WsClient viewer;
    const QString wsUrl =
        QString(m_server->url()).replace(QLatin1String("http://"), QLatin1String("ws://"))
        + QStringLiteral("/realtime/v1/websocket?vsn=2.0.0");
    QVERIFY(viewer.open(wsUrl));
    const QJsonObject config {{QStringLiteral("presence"),
                               QJsonObject {{QStringLiteral("key"), QStringLiteral("viewer")},
                                            {QStringLiteral("enabled"), true}}}};
    QCOMPARE(viewer.join(topic, config).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));

    auto same = client(QStringLiteral("same"),
                       {QStringLiteral("--room"), roomId, QStringLiteral("--media"), sameFile});
    auto odd = client(QStringLiteral("odd"),
                      {QStringLiteral("--room"), roomId, QStringLiteral("--media"), shortFile});

    // Everyone sees the odd one out, and why: its length (and so its size) differs.
    for (HeadlessProcess *p : {host.get(), same.get(), odd.get()}) {
        const auto mismatch = p->waitFor(
            [](const QJsonObject &l) {
                return isEvent(l, "media_mismatch")
                    && l.value(QLatin1String("user_id")) == QLatin1String("odd");
            },
            30000);
        QVERIFY2(mismatch, qPrintable(p->name()));
        const QJsonArray differences = mismatch->value(QLatin1String("differences")).toArray();
        QVERIFY(differences.contains(QStringLiteral("duration")));
        QVERIFY(differences.contains(QStringLiteral("size")));
        QVERIFY(!differences.contains(QStringLiteral("name")));
        QCOMPARE(mismatch->value(QLatin1String("media"))
                     .toObject()
                     .value(QLatin1String("duration"))
                     .toDouble(),
                 20.0);
        QCOMPARE(mismatch->value(QLatin1String("host_media"))
                     .toObject()
                     .value(QLatin1String("duration"))
                     .toDouble(),
                 30.0);
    }

    // Once all three have reported their file's length, the equal copy has still drawn none.
    QTRY_VERIFY_WITH_TIMEOUT(reportedDuration(latestMetas(viewer), QStringLiteral("same")) == 30.0
                                 && reportedDuration(latestMetas(viewer), QStringLiteral("host"))
                                     == 30.0,
                             20000);
    for (HeadlessProcess *p : {host.get(), same.get(), odd.get()}) {
        for (const QJsonObject &l : p->lines(QStringLiteral("media_mismatch")))
            QVERIFY2(l.value(QLatin1String("user_id")) != QLatin1String("same"),
                     qPrintable(p->name()));
    }
    const QJsonObject sameMeta = latestMetas(viewer).value(QStringLiteral("same"));
    QCOMPARE(sameMeta.value(QLatin1String("media")).toObject().value(QLatin1String("name")),
             QJsonValue(kEpisode));
    QCOMPARE(sameMeta.value(QLatin1String("media")).toObject().value(QLatin1String("size")),
             QJsonValue(double(QFileInfo(sameFile).size())));

    // No frame the channel carried names a folder of this machine.
    for (const Message &m : viewer.received()) {
        const QByteArray text = QJsonDocument(m.payload).toJson(QJsonDocument::Compact);
        QVERIFY2(!text.contains(m_dir->path().toUtf8()), text.constData());
        QVERIFY2(!text.contains("/same/") && !text.contains("/short/"), text.constData());
    }
    host->send(QStringLiteral("quit"));
    same->send(QStringLiteral("quit"));
    odd->send(QStringLiteral("quit"));
    QVERIFY(odd->waitForExit(10000));
}

void TestOwnFilesHeadless::createWithoutVideoOrMediaRefused()
{
    auto host = client(QStringLiteral("host"),
                       {QStringLiteral("--create"), QStringLiteral("--title"), QStringLiteral("T"),
                        QStringLiteral("--anime-id"), QStringLiteral("a"),
                        QStringLiteral("--anime-title"), QStringLiteral("A")});
    QVERIFY(host->waitForExit(10000));
    QVERIFY(host->exitCode() != 0);
}

QTEST_GUILESS_MAIN(TestOwnFilesHeadless)
#include "tst_own_files_headless.moc"
