#include "protocol/Codec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace watchium::protocol;

class TestCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodeText_data();
    void decodeText();
    void roundTrip_data();
    void roundTrip();
    void splicedPayloadEqualsEncoded_data();
    void splicedPayloadEqualsEncoded();
    void jsonStringRoundTrips_data();
    void jsonStringRoundTrips();
    void decodeBinaryJsonBroadcast();
    void decodeBinaryRawBroadcast();
    void decodeBinaryRejects_data();
    void decodeBinaryRejects();
    void encodeUserBroadcastLayout();
    void parseVsn();
};

void TestCodec::decodeText_data()
{
    QTest::addColumn<int>("vsn");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<bool>("joinRefNull");

    QTest::newRow("v1-join") << 1
                             << QByteArray(R"({"topic":"realtime:room:a","event":"phx_join",)"
                                           R"("payload":{},"ref":"1","join_ref":"1"})")
                             << true << "realtime:room:a"
                             << "1" << false;
    QTest::newRow("v1-no-join-ref")
        << 1 << QByteArray(R"({"topic":"phoenix","event":"heartbeat","payload":{},"ref":"7"})")
        << true << "phoenix"
        << "7" << true;
    QTest::newRow("v1-numeric-ref")
        << 1 << QByteArray(R"({"topic":"phoenix","event":"heartbeat","payload":{},"ref":12})")
        << true << "phoenix"
        << "12" << true;
    QTest::newRow("v2-array") << 2
                              << QByteArray(R"(["3","4","realtime:room:b","broadcast",{"x":1}])")
                              << true << "realtime:room:b"
                              << "4" << false;
    QTest::newRow("v2-null-refs") << 2 << QByteArray(R"([null,null,"phoenix","heartbeat",{}])")
                                  << true << "phoenix" << QString() << true;
    QTest::newRow("v2-object-refused")
        << 2 << QByteArray(R"({"topic":"phoenix","event":"heartbeat","payload":{}})") << false
        << QString() << QString() << true;
    QTest::newRow("v1-array-refused") << 1 << QByteArray(R"([null,null,"phoenix","hb",{}])")
                                      << false << QString() << QString() << true;
    QTest::newRow("v2-short-array") << 2 << QByteArray(R"([null,"phoenix","heartbeat",{}])")
                                    << false << QString() << QString() << true;
    QTest::newRow("not-json") << 2 << QByteArray("{{{") << false << QString() << QString() << true;
    QTest::newRow("payload-array") << 2 << QByteArray(R"([null,"1","phoenix","heartbeat",[]])")
                                   << false << QString() << QString() << true;
    QTest::newRow("empty-topic") << 2 << QByteArray(R"([null,"1","","heartbeat",{}])") << false
                                 << QString() << QString() << true;
    QTest::newRow("object-ref") << 1
                                << QByteArray(R"({"topic":"t","event":"e","payload":{},"ref":{}})")
                                << false << QString() << QString() << true;
}

void TestCodec::decodeText()
{
    QFETCH(int, vsn);
    QFETCH(QByteArray, frame);
    QFETCH(bool, valid);
    QFETCH(QString, topic);
    QFETCH(QString, ref);
    QFETCH(bool, joinRefNull);

    const auto result = Codec::decodeText(frame, vsn == 1 ? Vsn::V1 : Vsn::V2);
    QCOMPARE(result.message.has_value(), valid);
    if (!valid) {
        QVERIFY(!result.error.isEmpty());
        return;
    }
    QCOMPARE(result.message->topic, topic);
    QCOMPARE(result.message->ref, ref);
    QCOMPARE(result.message->joinRef.isNull(), joinRefNull);
}

void TestCodec::roundTrip_data()
{
    QTest::addColumn<int>("vsn");
    QTest::addColumn<QString>("joinRef");
    QTest::addColumn<QString>("ref");
    QTest::newRow("v1-refs") << 1 << "5"
                             << "6";
    QTest::newRow("v1-null-join-ref") << 1 << QString() << "6";
    QTest::newRow("v2-refs") << 2 << "5"
                             << "6";
    QTest::newRow("v2-null-refs") << 2 << QString() << QString();
}

void TestCodec::roundTrip()
{
    QFETCH(int, vsn);
    QFETCH(QString, joinRef);
    QFETCH(QString, ref);
    const Vsn v = vsn == 1 ? Vsn::V1 : Vsn::V2;
    Message m {joinRef,
               ref,
               QStringLiteral("realtime:room:x"),
               QStringLiteral("phx_reply"),
               QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")}},
               {},
               false};
    const auto decoded = Codec::decodeText(Codec::encodeText(m, v), v);
    QVERIFY(decoded.message);
    QCOMPARE(decoded.message->joinRef, joinRef);
    QCOMPARE(decoded.message->joinRef.isNull(), joinRef.isNull());
    QCOMPARE(decoded.message->ref, ref);
    QCOMPARE(decoded.message->topic, m.topic);
    QCOMPARE(decoded.message->event, m.event);
    QCOMPARE(decoded.message->payload, m.payload);
}

void TestCodec::splicedPayloadEqualsEncoded_data()
{
    QTest::addColumn<int>("vsn");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("v1") << 1 << "realtime:room:x"
                        << "presence_diff"
                        << QByteArray(R"({"joins":{"a":{"metas":[{"phx_ref":"1"}]}},"leaves":{}})");
    QTest::newRow("v2") << 2 << "realtime:room:x"
                        << "presence_diff"
                        << QByteArray(R"({"joins":{},"leaves":{"b":{"metas":[]}}})");
    // Names that look like the envelope's own fields stay inside their strings.
    QTest::newRow("v1, a topic naming the payload")
        << 1 << R"(realtime:"payload":{})"
        << R"("payload":{})" << QByteArray(R"({"x":[1,2]})");
    QTest::newRow("v2, a topic naming the payload") << 2 << R"(realtime:{}])"
                                                    << R"({}])" << QByteArray(R"({"x":"{}]"})");
    QTest::newRow("v1, empty payload") << 1 << "t"
                                       << "e" << QByteArray("{}");
}

void TestCodec::splicedPayloadEqualsEncoded()
{
    QFETCH(int, vsn);
    QFETCH(QString, topic);
    QFETCH(QString, event);
    QFETCH(QByteArray, payload);
    const Vsn v = vsn == 1 ? Vsn::V1 : Vsn::V2;
    Message m {{}, {}, topic, event, QJsonDocument::fromJson(payload).object(), {}, false};
    QVERIFY(!QJsonDocument::fromJson(payload).isNull());
    const QByteArray spliced = Codec::encodeText(m, payload, v);
    QVERIFY2(!QJsonDocument::fromJson(spliced).isNull(), spliced.constData());
    const auto decoded = Codec::decodeText(spliced, v);
    QVERIFY(decoded.message);
    QCOMPARE(decoded.message->topic, topic);
    QCOMPARE(decoded.message->event, event);
    QCOMPARE(decoded.message->payload, m.payload);
    QCOMPARE(QJsonDocument::fromJson(spliced), QJsonDocument::fromJson(Codec::encodeText(m, v)));
}

void TestCodec::jsonStringRoundTrips_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain") << QStringLiteral("realtime:room:AB12cd34EF");
    QTest::newRow("quotes and backslashes") << QStringLiteral(R"(say "hi" \ C:\dir)");
    QTest::newRow("controls") << QString::fromUtf8("a\x01b\x1f\b\f\n\r\tc\x7f");
    QTest::newRow("unicode") << QString::fromUtf8("été 進撃の巨人 😀");
    QTest::newRow("markup") << QStringLiteral("</script><b>&amp;</b>");
    QTest::newRow("a lone high surrogate") << QString(QChar(0xd800));
    QTest::newRow("surrogates out of order")
        << (QString(QChar(0xdc01)) + QChar(0xd800) + u'a' + QChar(0xdbff));
    QTest::newRow("two and three byte UTF-8") << QString::fromUtf8("\u00ff\u07ff\u0800\uffee");
    QTest::newRow("a pair at the end") << QString::fromUtf8("x\U0010FFFF");
}

void TestCodec::jsonStringRoundTrips()
{
    QFETCH(QString, text);
    const QByteArray encoded = Codec::jsonString(text);
    const QJsonDocument parsed = QJsonDocument::fromJson("[" + encoded + "]");
    QVERIFY2(parsed.isArray(), encoded.constData());
    // What a parser reads back is the text, lone surrogates included, and the bytes are Qt's
    // own encoder's: a presence key we splice must match the one Qt writes in presence_state.
    QCOMPARE(parsed.array().at(0).toString(), text);
    const QByteArray viaQt = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    QCOMPARE("[" + encoded + "]", viaQt);
}

static QByteArray kind3(const QByteArray &joinRef, const QByteArray &ref, const QByteArray &topic,
                        const QByteArray &event, const QByteArray &meta, char encoding,
                        const QByteArray &payload)
{
    QByteArray f;
    f.append(char(3));
    f.append(char(joinRef.size()));
    f.append(char(ref.size()));
    f.append(char(topic.size()));
    f.append(char(event.size()));
    f.append(char(meta.size()));
    f.append(encoding);
    f.append(joinRef + ref + topic + event + meta + payload);
    return f;
}

void TestCodec::decodeBinaryJsonBroadcast()
{
    const QByteArray frame = kind3("1", "2", "realtime:room:abc", "play", R"({"id":"m1"})", 1,
                                   R"({"current_time":12.5})");
    const auto result = Codec::decodeBinary(frame);
    QVERIFY2(result.message, qPrintable(result.error));
    const Message &m = *result.message;
    QCOMPARE(m.joinRef, QStringLiteral("1"));
    QCOMPARE(m.ref, QStringLiteral("2"));
    QCOMPARE(m.topic, QStringLiteral("realtime:room:abc"));
    QCOMPARE(m.event, QStringLiteral("broadcast"));
    QCOMPARE(m.payload.value(QLatin1String("type")).toString(), QStringLiteral("broadcast"));
    QCOMPARE(m.payload.value(QLatin1String("event")).toString(), QStringLiteral("play"));
    QCOMPARE(m.payload.value(QLatin1String("payload"))
                 .toObject()
                 .value(QLatin1String("current_time"))
                 .toDouble(),
             12.5);
    QCOMPARE(
        m.payload.value(QLatin1String("meta")).toObject().value(QLatin1String("id")).toString(),
        QStringLiteral("m1"));
    QVERIFY(!m.hasBinaryPayload);
}

void TestCodec::decodeBinaryRawBroadcast()
{
    const QByteArray raw("\x00\x01\x02\xff", 4);
    const auto result = Codec::decodeBinary(kind3("", "", "realtime:t", "blob", "", 0, raw));
    QVERIFY(result.message);
    QVERIFY(result.message->hasBinaryPayload);
    QCOMPARE(result.message->binaryPayload, raw);
    QVERIFY(!result.message->payload.contains(QLatin1String("payload")));
}

void TestCodec::decodeBinaryRejects_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("kind4-from-client") << QByteArray("\x04\x01\x01\x00\x01"
                                                     "te{}",
                                                     9);
    QTest::newRow("truncated-strings") << QByteArray("\x03\x05\x05\x05\x05\x00\x01"
                                                     "ab",
                                                     9);
    QTest::newRow("bad-encoding") << kind3("", "", "t", "e", "", 7, "{}");
    QTest::newRow("bad-json-payload") << kind3("", "", "t", "e", "", 1, "nope");
    QTest::newRow("array-json-payload") << kind3("", "", "t", "e", "", 1, "[1]");
    QTest::newRow("bad-metadata") << kind3("", "", "t", "e", "x", 1, "{}");
    QTest::newRow("no-event") << kind3("", "", "t", "", "", 1, "{}");
}

void TestCodec::decodeBinaryRejects()
{
    QFETCH(QByteArray, frame);
    const auto result = Codec::decodeBinary(frame);
    QVERIFY(!result.message);
    QVERIFY(!result.error.isEmpty());
}

void TestCodec::encodeUserBroadcastLayout()
{
    const QByteArray f = Codec::encodeUserBroadcast(QStringLiteral("realtime:x"),
                                                    QStringLiteral("ev"), QByteArray("{}"), true);
    QCOMPARE(quint8(f.at(0)), quint8(4));
    QCOMPARE(int(f.at(1)), 10);
    QCOMPARE(int(f.at(2)), 2);
    QCOMPARE(int(f.at(3)), 0);
    QCOMPARE(int(f.at(4)), 1);
    QCOMPARE(f.mid(5), QByteArray("realtime:xev{}"));
}

void TestCodec::parseVsn()
{
    QCOMPARE(Codec::parseVsn(QString()), Vsn::V1);
    QCOMPARE(Codec::parseVsn(QStringLiteral("1.0.0")), Vsn::V1);
    QCOMPARE(Codec::parseVsn(QStringLiteral("2.0.0")), Vsn::V2);
    QVERIFY(!Codec::parseVsn(QStringLiteral("3.0.0")));
}

QTEST_APPLESS_MAIN(TestCodec)
#include "tst_codec.moc"
