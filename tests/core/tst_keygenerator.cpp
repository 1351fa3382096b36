#include "domain/KeyGenerator.h"
#include "domain/Validation.h"

#include <QSet>
#include <QTest>

using namespace watchium;

class TestKeyGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shapes_data();
    void shapes();
    void accessKeysCoverAllDigits();
    void tokensAreDistinct();
};

void TestKeyGenerator::shapes_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 42u, 31337u, 0xdeadbeefu})
        QTest::newRow(qPrintable(QStringLiteral("seed-%1").arg(seed))) << seed;
}

void TestKeyGenerator::shapes()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    KeyGenerator keys(&random);
    for (int i = 0; i < 200; ++i) {
        QVERIFY(validation::isRoomId(keys.roomId()));
        QVERIFY(validation::isAccessKey(keys.accessKey()));
        const QString token = keys.memberToken();
        QCOMPARE(token.size(), 43); // 32 bytes, base64url, no padding
    }
}

void TestKeyGenerator::accessKeysCoverAllDigits()
{
    // Leading zeros must be kept: "004213" is a valid key.
    QRandomGenerator random(7);
    KeyGenerator keys(&random);
    bool sawLeadingZero = false;
    for (int i = 0; i < 2000 && !sawLeadingZero; ++i)
        sawLeadingZero = keys.accessKey().startsWith(QLatin1Char('0'));
    QVERIFY(sawLeadingZero);
}

void TestKeyGenerator::tokensAreDistinct()
{
    KeyGenerator keys(QRandomGenerator::system());
    QSet<QString> ids;
    QSet<QString> tokens;
    for (int i = 0; i < 1000; ++i) {
        ids.insert(keys.roomId());
        tokens.insert(keys.memberToken());
    }
    QCOMPARE(ids.size(), 1000);
    QCOMPARE(tokens.size(), 1000);
}

QTEST_APPLESS_MAIN(TestKeyGenerator)
#include "tst_keygenerator.moc"
