#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace watchium::app {

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");

} // namespace

QString Translations::languageSetting()
{
    return QSettings().value(kLanguageKey).toString();
}

void Translations::setLanguageSetting(const QString &language)
{
    QSettings().setValue(kLanguageKey, language);
}

QLocale Translations::install(QCoreApplication *app)
{
    const QString setting = languageSetting();
    const QLocale locale = setting.isEmpty() ? QLocale::system() : QLocale(setting);
    QLocale::setDefault(locale);
    // qt_add_translations embeds the .qm files under :/i18n.
    auto *own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("watchium"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    else
        delete own;
    // Qt's standard texts (dialog buttons, context menus), when the system has them.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return locale;
}

} // namespace watchium::app
