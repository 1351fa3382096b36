#include "PlaybackControls.h"
#include "Translations.h"

#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace watchium::app;

// The compiled translations are embedded and chosen by the language setting.
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void japaneseFromTheSetting();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestTranslations::cleanupTestCase()
{
    QSettings().clear();
}

void TestTranslations::japaneseFromTheSetting()
{
    QCOMPARE(Translations::languageSetting(), QString());
    Translations::setLanguageSetting(QStringLiteral("ja"));
    const QLocale locale = Translations::install(QCoreApplication::instance());
    QCOMPARE(locale.language(), QLocale::Japanese);
    QCOMPARE(QCoreApplication::translate("watchium::app::StartPage", "Join"),
             QStringLiteral("参加"));
    PlaybackControls controls;
    QCOMPARE(controls.syncButton()->text(), QStringLiteral("ライブに同期"));
    QCOMPARE(controls.playButton()->toolTip(),
             QStringLiteral("再生を操作できるのはホストだけです"));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
