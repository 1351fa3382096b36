#include "ConnectionBanner.h"
#include "RoomClientTestKit.h"

#include <QLabel>
#include <QPushButton>

#include <memory>

using namespace watchium;
using namespace watchium::app;
using State = RoomClient::ConnectionState;

namespace {

constexpr int kTimeoutMs = 20000;

} // namespace

// What the room view says while its connection is down: the texts row by row, then a banner on
// a real room whose server stops and comes back.
class TestConnectionBanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describe_data();
    void describe();
    void followsTheServerGoingAndComing();
};

void TestConnectionBanner::describe_data()
{
    QTest::addColumn<State>("state");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<QString>("expected");
    QTest::newRow("joined") << State::Joined << 0 << QString();
    QTest::newRow("entering") << State::Connecting << 0 << QString();
    QTest::newRow("joining-first") << State::Joining << 0 << QString();
    QTest::newRow("lost") << State::Reconnecting << 1
                          << QStringLiteral("Server unreachable, retrying (attempt 1)");
    QTest::newRow("still-lost") << State::Reconnecting << 7
                                << QStringLiteral("Server unreachable, retrying (attempt 7)");
    QTest::newRow("lost-unnumbered")
        << State::Reconnecting << 0 << QStringLiteral("Server unreachable, retrying (attempt 1)");
    QTest::newRow("rejoining") << State::Joining << 3
                               << QStringLiteral("Server reachable again, rejoining the room…");
    QTest::newRow("stopped") << State::Disconnected << 0
                             << QStringLiteral("Disconnected from the room");
}

void TestConnectionBanner::describe()
{
    QFETCH(State, state);
    QFETCH(int, attempt);
    QFETCH(QString, expected);
    QCOMPARE(ConnectionBanner::describe(state, attempt), expected);
}

void TestConnectionBanner::followsTheServerGoingAndComing()
{
    test::TestServer server;
    QVERIFY(server.start());
    RoomClient::Options options = test::clientOptions(server.httpBase());
    // Quick retries, so several are seen.
    options.socket.backoff = {100, 400, 0.0};
    RoomClient room(options);
    room.createRoom(test::roomRequest(QStringLiteral("host")));
    QTRY_COMPARE_WITH_TIMEOUT(room.connectionState(), State::Joined, kTimeoutMs);

    QWidget window;
    auto *banner = new ConnectionBanner(&room, &window);
    window.show();
    QVERIFY(banner->isHidden());
    QSignalSpy leave(banner, &ConnectionBanner::leaveRequested);

    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(
        banner->text(), QStringLiteral("Server unreachable, retrying (attempt 3)"), kTimeoutMs);
    auto *label = banner->findChild<QLabel *>(QStringLiteral("connectionBannerText"));
    QVERIFY(label);
    QVERIFY2(label->toolTip().startsWith(QLatin1String("Last error: ")),
             qPrintable(label->toolTip()));
    QVERIFY(banner->leaveButton()->isVisible());
    QVERIFY(banner->leaveButton()->isEnabled());
    banner->leaveButton()->click();
    QCOMPARE(leave.size(), 1);

    QVERIFY(server.startOnSamePort());
    QTRY_COMPARE_WITH_TIMEOUT(room.connectionState(), State::Joined, kTimeoutMs);
    QVERIFY(banner->isHidden());
    QVERIFY(banner->text().isEmpty());
    QCOMPARE(room.reconnectAttempt(), 0);
}

QTEST_MAIN(TestConnectionBanner)
#include "tst_connectionbanner.moc"
