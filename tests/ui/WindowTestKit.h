#pragma once

#include "MainWindow.h"
#include "MembersPanel.h"
#include "RoomView.h"

#include <QDir>
#include <QImage>
#include <QListWidget>
#include <QTest>

namespace watchium::test {

// A member's line in a window's members panel, or null.
inline QListWidgetItem *memberItem(app::MainWindow *window, const QString &userId)
{
    QListWidget *list = window->roomView()->membersPanel()->list();
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(app::MembersPanel::UserIdRole).toString() == userId)
            return list->item(i);
    }
    return nullptr;
}

// Saves what `widget` shows under WATCHIUM_SCREENSHOT_DIR, for a reviewer (and the README).
inline void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(WATCHIUM_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.save(dir + QLatin1Char('/') + name));
}

} // namespace watchium::test
