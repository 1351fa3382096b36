#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>

namespace watchium::app {

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");

} // namespace

Translations::Translations(QObject *parent)
    : QObject(parent)
{
}

QString Translations::languageSetting()
{
    return QSettings().value(kLanguageKey).toString();
}

void Translations::setLanguageSetting(const QString &language)
{
    QSettings().setValue(kLanguageKey, language);
}

QLocale Translations::install(const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // Removed before loading: a translator still installed would answer with the old language
    // while the new one loads, and a failed load leaves nothing to install.
    QCoreApplication::removeTranslator(&m_own);
    QCoreApplication::removeTranslator(&m_qt);
    // Before the translators go in: installing one is what sends LanguageChange, and the
    // widgets format numbers and times with the default locale when they handle it.
    QLocale::setDefault(locale);
    m_locale = locale;
    // qt_add_translations embeds the .qm files under :/i18n. A language we have no translation
    // for gets English's, which is more than the sources: the plural forms ("1 other is", not
    // "1 other(s) are").
    const QString dir = QStringLiteral(":/i18n");
    const QString name = QStringLiteral("watchium");
    if (m_own.load(locale, name, QStringLiteral("_"), dir)
        || m_own.load(QLocale(QLocale::English), name, QStringLiteral("_"), dir))
        QCoreApplication::installTranslator(&m_own);
    // Qt's standard texts (dialog buttons, context menus), when the system has them.
    if (m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    return locale;
}

} // namespace watchium::app
