#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace watchium::app {

// The UI language: the system's, unless the settings name one ("en", "ja").
class Translations
{
public:
    // Empty: follow the system locale.
    static QString languageSetting();
    static void setLanguageSetting(const QString &language);

    // Installs Watchium's and Qt's own translations for that language; returns the locale used.
    // Call once, before any window exists: texts are set when widgets are built.
    static QLocale install(QCoreApplication *app);
};

} // namespace watchium::app
