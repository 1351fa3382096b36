#pragma once

#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace watchium {

// Hides the mouse cursor over a widget after a while without mouse movement, but only while
// active (the video plays), and shows it again as soon as the mouse moves or is clicked. The view
// around the video follows controlsVisibilityChanged() to hide its controls at the same time.
class CursorAutoHider : public QObject
{
    Q_OBJECT

public:
    // How long the mouse rests before the cursor and, in fullscreen, the controls go.
    static constexpr int kDefaultIdleMs = 3000;

    // Watches `target`'s mouse events; parented to it unless `parent` is given.
    explicit CursorAutoHider(QWidget *target, QObject *parent = nullptr);

    // Inactive shows the cursor and keeps it shown.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setIdleTimeout(int milliseconds);
    // The mouse moving over any widget in `area` (the controls under the video) counts too, so
    // the controls do not go while the user is on them.
    void watchArea(QWidget *area);
    int idleTimeout() const { return m_idle.interval(); }
    bool isCursorHidden() const { return m_hidden; }

Q_SIGNALS:
    void controlsVisibilityChanged(bool visible);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool inArea(QObject *watched) const;
    void mouseEvent(QEvent *event);
    void userActed();
    void hideCursor();
    void showCursor();

    QWidget *m_target;
    QPointer<QWidget> m_area;
    QTimer m_idle;
    bool m_active = false;
    bool m_hidden = false;
    QPoint m_lastPos;
};

} // namespace watchium
