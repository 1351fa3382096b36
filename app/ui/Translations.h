#pragma once

#include <QLocale>
#include <QObject>
#include <QString>
#include <QTranslator>

namespace watchium::app {

// The UI language: the system's, unless the settings name one ("en", "ja"). Installing a
// language replaces the translators this object installed before; Qt then sends every widget a
// QEvent::LanguageChange, on which the widgets set their texts again (their retranslate()).
class Translations : public QObject
{
    Q_OBJECT

public:
    explicit Translations(QObject *parent = nullptr);

    // Empty: follow the system locale.
    static QString languageSetting();
    static void setLanguageSetting(const QString &language);

    // Installs Watchium's and Qt's own translations for `language` (empty: the system's) in
    // place of the previous ones; returns the locale used, which also becomes QLocale's default.
    QLocale install(const QString &language);
    QLocale locale() const { return m_locale; }

private:
    QTranslator m_own;
    QTranslator m_qt;
    QLocale m_locale;
};

} // namespace watchium::app
