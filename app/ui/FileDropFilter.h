#pragma once

#include <QObject>

class QWidget;

namespace watchium::app {

// Lets a widget take one local file dropped on it (and on its children that take none).
class FileDropFilter : public QObject
{
    Q_OBJECT

public:
    // Watches `target`, which takes drops from now on; owned by it.
    explicit FileDropFilter(QWidget *target);

Q_SIGNALS:
    void fileDropped(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace watchium::app
