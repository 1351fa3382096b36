#include "MemberRoster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using watchium::app::MemberRoster;

namespace {

// Rows and metas written as JSON, so a data row reads like what the server sends.
QList<QJsonObject> rows(const char *json)
{
    QList<QJsonObject> list;
    for (const QJsonValue &row : QJsonDocument::fromJson(json).array())
        list.append(row.toObject());
    return list;
}

QMap<QString, QJsonObject> presence(const char *json)
{
    QMap<QString, QJsonObject> map;
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), it.value().toObject());
    return map;
}

// "id" online, "id/off" offline, "id*" the host.
QStringList describe(const QList<MemberRoster::Entry> &entries)
{
    QStringList out;
    for (const MemberRoster::Entry &e : entries)
        out.append(e.userId + (e.isHost ? QStringLiteral("*") : QString())
                   + (e.online ? QString() : QStringLiteral("/off")));
    return out;
}

} // namespace

class TestMemberRoster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void order_data();
    void order();
    void fields_data();
    void fields();
};

void TestMemberRoster::order_data()
{
    QTest::addColumn<QByteArray>("directory");
    QTest::addColumn<QByteArray>("present");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("host_first_then_by_name")
        << QByteArray(R"([{"user_id":"c","username":"Cho"},{"user_id":"h","username":"Zed"},
                         {"user_id":"a","username":"ami"}])")
        << QByteArray(R"({"a":{},"c":{},"h":{}})") << "h" << QStringList {"h*", "a", "c"};
    QTest::newRow("online_before_offline")
        << QByteArray(R"([{"user_id":"a","username":"Aki"},{"user_id":"b","username":"Bo"},
                         {"user_id":"h","username":"Hana"}])")
        << QByteArray(R"({"b":{},"h":{}})") << "h" << QStringList {"h*", "b", "a/off"};
    QTest::newRow("offline_host_keeps_the_top")
        << QByteArray(R"([{"user_id":"h","username":"Hana"},{"user_id":"a","username":"Aki"}])")
        << QByteArray(R"({"a":{}})") << "h" << QStringList {"h*/off", "a"};
    QTest::newRow("name_ignores_case_then_id_breaks_ties")
        << QByteArray(R"([{"user_id":"2","username":"ken"},{"user_id":"1","username":"Ken"},
                         {"user_id":"3","username":"KEN"},{"user_id":"4","username":"aya"}])")
        << QByteArray(R"({"1":{},"2":{},"3":{},"4":{}})") << "" << QStringList {"4", "1", "2", "3"};
    QTest::newRow("presence_not_yet_listed")
        << QByteArray(R"([{"user_id":"h","username":"Hana"}])")
        << QByteArray(R"({"h":{},"new":{"username":"Neko"}})") << "h" << QStringList {"h*", "new"};
    QTest::newRow("nobody") << QByteArray("[]") << QByteArray("{}") << "h" << QStringList {};
    QTest::newRow("row_without_user_id_skipped")
        << QByteArray(R"([{"username":"Ghost"},{"user_id":"a","username":"Aki"}])")
        << QByteArray("{}") << "" << QStringList {"a/off"};
}

void TestMemberRoster::order()
{
    QFETCH(QByteArray, directory);
    QFETCH(QByteArray, present);
    QFETCH(QString, host);
    QFETCH(QStringList, expected);
    const auto entries = MemberRoster::build(rows(directory), presence(present), host, {});
    QCOMPARE(describe(entries), expected);
}

void TestMemberRoster::fields_data()
{
    QTest::addColumn<QByteArray>("directory");
    QTest::addColumn<QByteArray>("present");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("avatar");
    QTest::addColumn<QVariant>("syncError"); // null: no badge
    const QVariant none;
    QTest::newRow("listed_name_and_avatar_win")
        << QByteArray(R"([{"user_id":"m","username":"New","avatar_url":"https://a/new.png"}])")
        << QByteArray(R"({"m":{"username":"Old","avatar_url":"https://a/old.png",
                              "sync_error_ms":12}})")
        << "New"
        << "https://a/new.png" << QVariant(12.0);
    QTest::newRow("presence_fills_gaps")
        << QByteArray(R"([{"user_id":"m","username":"","avatar_url":null}])")
        << QByteArray(R"({"m":{"username":"Mio","avatar_url":"https://a/m.png"}})") << "Mio"
        << "https://a/m.png" << none;
    QTest::newRow("server_offset_without_own_figure")
        << QByteArray(R"([{"user_id":"m","username":"Mio","sync_offset_ms":-640}])")
        << QByteArray(R"({"m":{}})") << "Mio"
        << "" << QVariant(-640.0);
    QTest::newRow("offline_has_no_badge")
        << QByteArray(R"([{"user_id":"m","username":"Mio","sync_offset_ms":3}])")
        << QByteArray("{}") << "Mio"
        << "" << none;
    QTest::newRow("not_a_number_is_no_badge")
        << QByteArray("[]") << QByteArray(R"({"m":{"username":"Mio","sync_error_ms":"12"}})")
        << "Mio"
        << "" << none;
}

void TestMemberRoster::fields()
{
    QFETCH(QByteArray, directory);
    QFETCH(QByteArray, present);
    QFETCH(QString, name);
    QFETCH(QString, avatar);
    QFETCH(QVariant, syncError);
    const auto entries = MemberRoster::build(rows(directory), presence(present), {}, "m");
    QCOMPARE(entries.size(), 1);
    const MemberRoster::Entry &e = entries.first();
    QCOMPARE(e.name, name);
    QCOMPARE(e.avatarUrl, avatar);
    QVERIFY(e.isSelf);
    QCOMPARE(e.syncErrorMs.has_value(), syncError.isValid());
    if (e.syncErrorMs)
        QCOMPARE(*e.syncErrorMs, syncError.toDouble());
}

QTEST_APPLESS_MAIN(TestMemberRoster)
#include "tst_memberroster.moc"
