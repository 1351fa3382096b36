#include "CursorAutoHider.h"

#include <QApplication>
#include <QEvent>
#include <QMouseEvent>
#include <QWidget>

namespace watchium {

namespace {

// Qt sends a mouse move without one from the user when the widget under a still cursor changes,
// as when the controls around the video hide; moving back in on that would show them again at
// once. A real movement goes further than this, in logical pixels.
constexpr int kMinMovement = 2;

} // namespace

CursorAutoHider::CursorAutoHider(QWidget *target, QObject *parent)
    : QObject(parent ? parent : target)
    , m_target(target)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(kDefaultIdleMs);
    connect(&m_idle, &QTimer::timeout, this, &CursorAutoHider::hideCursor);
    // Moves without a button held only reach a widget that tracks the mouse.
    m_target->setMouseTracking(true);
    m_target->installEventFilter(this);
}

void CursorAutoHider::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_active) {
        m_idle.start();
    } else {
        m_idle.stop();
        showCursor();
    }
}

void CursorAutoHider::setIdleTimeout(int milliseconds)
{
    m_idle.setInterval(milliseconds);
}

void CursorAutoHider::watchArea(QWidget *area)
{
    // Moves over widgets that do not track the mouse reach only the application's filters.
    if (!m_area)
        qApp->installEventFilter(this);
    m_area = area;
}

bool CursorAutoHider::inArea(QObject *watched) const
{
    if (!m_area || !watched->isWidgetType())
        return false;
    const auto *widget = static_cast<QWidget *>(watched);
    return widget == m_area || m_area->isAncestorOf(widget);
}

bool CursorAutoHider::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    const bool mouse =
        type == QEvent::MouseMove || type == QEvent::MouseButtonPress || type == QEvent::Wheel;
    if (watched != m_target) {
        if (mouse && inArea(watched))
            mouseEvent(event);
        return false;
    }
    if (mouse)
        mouseEvent(event);
    else if (type == QEvent::Hide)
        showCursor();
    return false;
}

void CursorAutoHider::mouseEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseMove: {
        const QPoint pos = static_cast<QMouseEvent *>(event)->globalPosition().toPoint();
        if ((pos - m_lastPos).manhattanLength() >= kMinMovement) {
            m_lastPos = pos;
            userActed();
        }
        break;
    }
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
        userActed();
        break;
    default:
        break;
    }
}

void CursorAutoHider::userActed()
{
    showCursor();
    if (m_active)
        m_idle.start();
}

void CursorAutoHider::hideCursor()
{
    if (m_hidden || !m_active)
        return;
    m_hidden = true;
    m_target->setCursor(Qt::BlankCursor);
    Q_EMIT controlsVisibilityChanged(false);
}

void CursorAutoHider::showCursor()
{
    if (!m_hidden)
        return;
    m_hidden = false;
    m_target->unsetCursor();
    Q_EMIT controlsVisibilityChanged(true);
}

} // namespace watchium
