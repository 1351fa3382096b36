#include "client/RoomClient.h"
#include "CommentsPanel.h"
#include "MainWindow.h"
#include "PlaybackControls.h"
#include "RoomView.h"
#include "StartPage.h"
#include "Translations.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace watchium;
using namespace watchium::app;

namespace {

constexpr int kTimeoutMs = 20000;

// As a user does: the keyboard on the start page's language list, one step at a time.
void chooseLanguage(StartPage *page, const QString &language)
{
    QComboBox *combo = page->languageCombo();
    const int target = combo->findData(language);
    QVERIFY(target >= 0);
    while (combo->currentIndex() != target)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
}

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    QString type; // "unfinished", "vanished", "obsolete" or empty
};

QList<TsMessage> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<TsMessage> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            messages.append({context, {}, {}, {}});
        } else if (xml.name() == QLatin1String("source")) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            messages.last().type = xml.attributes().value(QLatin1String("type")).toString();
            if (messages.last().source.contains(QLatin1String("%n")))
                continue; // the numerusform elements follow
            messages.last().translations.append(xml.readElementText());
        } else if (xml.name() == QLatin1String("numerusform")) {
            messages.last().translations.append(xml.readElementText());
        }
    }
    return messages;
}

// What a translation must carry over from its source: %1, %n, and the names of keys.
QStringList keptTokens(const QString &text)
{
    static const QRegularExpression tokens(QStringLiteral(R"(%\d+|%n|\b(?:Ctrl|Alt|Shift)\+\w+)"));
    QStringList found;
    for (const QRegularExpressionMatch &match : tokens.globalMatch(text))
        found.append(match.captured());
    found.sort();
    return found;
}

bool statusBarShows(RoomView *view, const QString &text)
{
    const QList<QLabel *> labels = view->statusBar()->findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(),
                       [&text](const QLabel *label) { return label->text() == text; });
}

} // namespace

// The compiled translations are embedded and chosen by the language setting; a new choice on
// the start page changes every text at once, without a restart and without losing what was typed.
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void translationsAreComplete_data();
    void translationsAreComplete();
    void japaneseFromTheSetting();
    void pluralsInAnyOtherLanguage_data();
    void pluralsInAnyOtherLanguage();
    void startPageSwitchesLive();
    void roomViewSwitchesLive();

private:
    Translations m_translations;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestTranslations::cleanupTestCase()
{
    m_window.reset();
    QSettings().clear();
}

// Japanese has every message; English (the sources' language) the plural forms.
void TestTranslations::translationsAreComplete_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("translations");
    QTest::addColumn<QString>("type");
    for (const char *language : {"ja", "en"}) {
        const QList<TsMessage> messages =
            readTs(QStringLiteral(WATCHIUM_TS_DIR "/watchium_%1.ts").arg(QLatin1String(language)));
        QVERIFY(!messages.isEmpty());
        QHash<QString, int> perContext;
        for (const TsMessage &m : messages) {
            const QString context = m.context.section(QLatin1String("::"), -1);
            QTest::addRow("%s_%s_%d", language, qPrintable(context), perContext[context]++)
                << m.source << m.translations << m.type;
        }
    }
}

void TestTranslations::translationsAreComplete()
{
    QFETCH(QString, source);
    QFETCH(QStringList, translations);
    QFETCH(QString, type);
    QVERIFY2(type.isEmpty(), qPrintable(type + QLatin1String(": ") + source));
    QVERIFY2(!translations.isEmpty(), qPrintable(source));
    for (const QString &translation : std::as_const(translations)) {
        QVERIFY2(!translation.isEmpty(), qPrintable(source));
        QCOMPARE(keptTokens(translation), keptTokens(source));
    }
}

void TestTranslations::japaneseFromTheSetting()
{
    QCOMPARE(Translations::languageSetting(), QString());
    Translations::setLanguageSetting(QStringLiteral("ja"));
    const QLocale locale = m_translations.install(Translations::languageSetting());
    QCOMPARE(locale.language(), QLocale::Japanese);
    QCOMPARE(QLocale().language(), QLocale::Japanese);
    QCOMPARE(QCoreApplication::translate("watchium::app::StartPage", "Join"),
             QStringLiteral("参加"));
    PlaybackControls controls;
    QCOMPARE(controls.syncButton()->text(), QStringLiteral("ルームに同期"));
    QCOMPARE(controls.playButton()->toolTip(),
             QStringLiteral("再生を操作できるのはホストだけです"));

    // Replaced, not stacked: English again once English is installed.
    m_translations.install(QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("watchium::app::StartPage", "Join"),
             QStringLiteral("Join"));
    QTRY_COMPARE(controls.syncButton()->text(), QStringLiteral("Sync to live"));
    QCOMPARE(controls.playButton()->toolTip(), QStringLiteral("Only the host controls playback"));
    Translations::setLanguageSetting(QStringLiteral("en"));
}

// A system language without a translation of ours reads English, plural forms included.
void TestTranslations::pluralsInAnyOtherLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("others");
    QTest::addColumn<QString>("expected");
    const QString one = QStringLiteral(
        "1 other is still watching. Keep serving the room for them in the background?");
    const QString three = QStringLiteral(
        "3 others are still watching. Keep serving the room for them in the background?");
    QTest::newRow("german-one") << QStringLiteral("de") << 1 << one;
    QTest::newRow("german-three") << QStringLiteral("de") << 3 << three;
    QTest::newRow("c-one") << QStringLiteral("C") << 1 << one;
    QTest::newRow("english-one") << QStringLiteral("en") << 1 << one;
}

void TestTranslations::pluralsInAnyOtherLanguage()
{
    QFETCH(QString, language);
    QFETCH(int, others);
    QFETCH(QString, expected);
    m_translations.install(language);
    QCOMPARE(QCoreApplication::translate("watchium::app::ServingQuestions",
                                         "%n other(s) are still watching. Keep serving the room "
                                         "for them in the background?",
                                         nullptr, others),
             expected);
    m_translations.install(Translations::languageSetting());
}

void TestTranslations::startPageSwitchesLive()
{
    MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = m_dir.path();
    options.translations = &m_translations;
    // Never shown: Qt's offscreen platform cannot compose the video's QOpenGLWidget, and hidden
    // windows get the language change all the same.
    m_window = std::make_unique<MainWindow>(options);
    StartPage *page = m_window->startPage();
    QCOMPARE(page->joinButton()->text(), QStringLiteral("Join"));
    page->nameEdit()->setText(QStringLiteral("Hana"));
    QTest::keyClicks(page->titleEdit(), QStringLiteral("Friday night"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    page->publicBox()->setChecked(false);
    // An error that the page showed stays shown, in the new language.
    page->joinButton()->click();
    QCOMPARE(page->errorText(),
             QStringLiteral("Enter the server's address, e.g. http://server:8787."));
    auto *tabs = m_window->findChild<QTabWidget *>();
    QVERIFY(tabs);

    chooseLanguage(page, QStringLiteral("ja"));
    QCOMPARE(Translations::languageSetting(), QStringLiteral("ja"));
    QTRY_COMPARE(page->joinButton()->text(), QStringLiteral("参加"));
    QCOMPARE(page->createButton()->text(), QStringLiteral("ルームを作成"));
    QCOMPARE(page->hostLocallyBox()->text(), QStringLiteral("このコンピューターでホストする"));
    QCOMPARE(page->titleEdit()->placeholderText(), QStringLiteral("金曜アニメ会"));
    QCOMPARE(page->errorText(),
             QStringLiteral("サーバーのアドレスを入力してください（例: http://server:8787）。"));
    QCOMPARE(tabs->tabText(0), QStringLiteral("スタート"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("公開ルーム"));
    // What was typed and chosen is still there.
    QCOMPARE(page->nameEdit()->text(), QStringLiteral("Hana"));
    QCOMPARE(page->titleEdit()->text(), QStringLiteral("Friday night"));
    QVERIFY(!page->publicBox()->isChecked());
    QCOMPARE(page->languageCombo()->currentData().toString(), QStringLiteral("ja"));

    chooseLanguage(page, QStringLiteral("en"));
    QTRY_COMPARE(page->joinButton()->text(), QStringLiteral("Join"));
    QCOMPARE(page->createButton()->text(), QStringLiteral("Create room"));
    QCOMPARE(tabs->tabText(0), QStringLiteral("Start"));
    QCOMPARE(page->errorText(),
             QStringLiteral("Enter the server's address, e.g. http://server:8787."));
    QCOMPARE(page->titleEdit()->text(), QStringLiteral("Friday night"));
}

void TestTranslations::roomViewSwitchesLive()
{
    QVERIFY(m_window);
    StartPage *page = m_window->startPage();
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->roomView() != nullptr, kTimeoutMs);
    RoomView *view = m_window->roomView();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->roomClient()->connectionState(),
                              RoomClient::ConnectionState::Joined, kTimeoutMs);
    auto *leave = view->findChild<QPushButton *>(QStringLiteral("leaveButton"));
    QCOMPARE(leave->text(), QStringLiteral("Leave"));
    QCOMPARE(view->controls()->playButton()->text(), QStringLiteral("Play"));
    QTRY_VERIFY(statusBarShows(view, QStringLiteral("Connected")));
    QVERIFY(statusBarShows(view, QStringLiteral("You are the host")));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Friday night — Watchium"));
    view->commentsPanel()->input()->setPlainText(QStringLiteral("half a thought"));

    // The room view has no language list: the application's language changes, as the start
    // page of another window would change it.
    m_translations.install(QStringLiteral("ja"));
    QTRY_COMPARE(leave->text(), QStringLiteral("退出"));
    QCOMPARE(view->controls()->playButton()->text(), QStringLiteral("再生"));
    QCOMPARE(view->commentsPanel()->sendButton()->text(), QStringLiteral("送信"));
    QVERIFY(statusBarShows(view, QStringLiteral("接続済み")));
    QVERIFY(statusBarShows(view, QStringLiteral("あなたはホストです")));
    // The room is the same room: still joined, what was typed still there.
    QCOMPARE(m_window->roomView(), view);
    QCOMPARE(m_window->roomClient()->connectionState(), RoomClient::ConnectionState::Joined);
    QCOMPARE(view->commentsPanel()->input()->toPlainText(), QStringLiteral("half a thought"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Friday night — Watchium"));

    m_translations.install(QStringLiteral("en"));
    QTRY_COMPARE(leave->text(), QStringLiteral("Leave"));
    QCOMPARE(view->controls()->playButton()->text(), QStringLiteral("Play"));
    QVERIFY(statusBarShows(view, QStringLiteral("Connected")));
    QCOMPARE(view->commentsPanel()->input()->toPlainText(), QStringLiteral("half a thought"));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
