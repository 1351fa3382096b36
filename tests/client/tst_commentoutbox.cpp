#include "client/CommentOutbox.h"

#include <QSignalSpy>
#include <QTest>

using namespace watchium;

namespace {

// Records what the outbox pushes, so each test answers as the server would.
struct FakeChannel
{
    struct Push
    {
        QJsonObject payload;
        ReplyHandler handler;
    };
    QList<Push> pushes;

    CommentOutbox::Sender sender()
    {
        return [this](const QJsonObject &payload, ReplyHandler handler) {
            pushes.append({payload, std::move(handler)});
        };
    }
    QString keyOf(int i) const
    {
        return pushes.at(i).payload.value(QLatin1String("idempotency_key")).toString();
    }
    void answer(int i, ChannelReply::Status status, const QJsonObject &response = {})
    {
        pushes.at(i).handler(ChannelReply {status, response});
    }
};

QJsonObject error(const QString &code)
{
    return {{QStringLiteral("reason"), QStringLiteral("refused")}, {QStringLiteral("code"), code}};
}

} // namespace

class TestCommentOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void waitsUntilConnected();
    void acknowledgementRemoves();
    void validationRefusalRemoves();
    void disconnectKeepsUntilNextConnect();
    void timeoutAndPassingRefusalRetryLater();
    void clearFailsEverything();
};

void TestCommentOutbox::waitsUntilConnected()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    const QString first = outbox.add(QStringLiteral("one"), 12.5);
    const QString second = outbox.add(QStringLiteral("two"), std::nullopt, 7);
    QVERIFY(first != second);
    QCOMPARE(outbox.size(), 2);
    QVERIFY(channel.pushes.isEmpty());
    outbox.setConnected(true);
    QCOMPARE(channel.pushes.size(), 2);
    QCOMPARE(channel.keyOf(0), first); // in the order written
    const QJsonObject firstBody = channel.pushes.at(0).payload;
    QCOMPARE(firstBody.value(QLatin1String("video_timestamp")).toDouble(), 12.5);
    QCOMPARE(channel.pushes.at(1).payload.value(QLatin1String("parent_id")).toInt(), 7);
    // Already in flight: connecting again does not send a second copy.
    outbox.setConnected(true);
    QCOMPARE(channel.pushes.size(), 2);
}

void TestCommentOutbox::acknowledgementRemoves()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    QSignalSpy acknowledged(&outbox, &CommentOutbox::acknowledged);
    outbox.setConnected(true);
    const QString key = outbox.add(QStringLiteral("hi"));
    QCOMPARE(channel.pushes.size(), 1);
    channel.answer(0, ChannelReply::Status::Ok,
                   {{QStringLiteral("comment"), QJsonObject {{QStringLiteral("id"), 42}}}});
    QCOMPARE(outbox.size(), 0);
    QCOMPARE(acknowledged.size(), 1);
    QCOMPARE(acknowledged.at(0).at(0).toString(), key);
    QCOMPARE(acknowledged.at(0).at(1).toJsonObject().value(QLatin1String("id")).toInt(), 42);
}

void TestCommentOutbox::validationRefusalRemoves()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    QSignalSpy failed(&outbox, &CommentOutbox::failed);
    outbox.setConnected(true);
    const QString key = outbox.add(QStringLiteral("   "));
    channel.answer(0, ChannelReply::Status::Error, error(QStringLiteral("invalid_request")));
    QCOMPARE(outbox.size(), 0);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), key);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("invalid_request"));
}

void TestCommentOutbox::disconnectKeepsUntilNextConnect()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    outbox.setRetryIntervalMs(10);
    outbox.setConnected(true);
    const QString key = outbox.add(QStringLiteral("hi"));
    outbox.setConnected(false);
    channel.answer(0, ChannelReply::Status::Disconnected);
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(channel.pushes.size(), 1); // away: nothing resends it
    outbox.add(QStringLiteral("written while away"));
    QCOMPARE(channel.pushes.size(), 1);
    outbox.setConnected(true);
    QCOMPARE(channel.pushes.size(), 3);
    QCOMPARE(channel.keyOf(1), key); // the same key: the server dedups by it
}

void TestCommentOutbox::timeoutAndPassingRefusalRetryLater()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    QSignalSpy failed(&outbox, &CommentOutbox::failed);
    outbox.setRetryIntervalMs(20);
    outbox.setConnected(true);
    const QString key = outbox.add(QStringLiteral("hi"));
    channel.answer(0, ChannelReply::Status::Timeout);
    QCOMPARE(outbox.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(channel.pushes.size(), 2, 5000);
    QCOMPARE(channel.keyOf(1), key);
    channel.answer(1, ChannelReply::Status::Error, error(QStringLiteral("rate_limited")));
    QCOMPARE(outbox.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(channel.pushes.size(), 3, 5000);
    channel.answer(2, ChannelReply::Status::Ok);
    QCOMPARE(outbox.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void TestCommentOutbox::clearFailsEverything()
{
    FakeChannel channel;
    CommentOutbox outbox(channel.sender());
    QSignalSpy failed(&outbox, &CommentOutbox::failed);
    outbox.setConnected(true);
    outbox.add(QStringLiteral("a"));
    outbox.add(QStringLiteral("b"));
    outbox.clear(QStringLiteral("left_room"), QStringLiteral("left"));
    QCOMPARE(outbox.size(), 0);
    QCOMPARE(failed.size(), 2);
    // A late reply for a cleared comment is ignored.
    channel.answer(0, ChannelReply::Status::Ok);
    QCOMPARE(failed.size(), 2);
}

QTEST_GUILESS_MAIN(TestCommentOutbox)
#include "tst_commentoutbox.moc"
