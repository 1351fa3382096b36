#include "AppIdentity.h"

#include <QCoreApplication>
#include <QLoggingCategory>

namespace watchium::app {

void setUpApplication()
{
    // Per-message debug lines cost real time under load; QT_LOGGING_RULES
    // (e.g. "watchium.*.debug=true") brings them back.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("watchium.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("watchium"));
    QCoreApplication::setOrganizationName(QStringLiteral("Watchium"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WATCHIUM_VERSION));
}

} // namespace watchium::app
