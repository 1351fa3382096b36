#include "LiveLabel.h"

#include <QEvent>

namespace watchium::app {

LiveLabel::LiveLabel(QWidget *parent)
    : QLabel(parent)
{
    // Errors quote what users and servers wrote: never taken as markup.
    setTextFormat(Qt::PlainText);
}

void LiveLabel::setLiveText(LiveText text)
{
    m_text = std::move(text);
    render();
}

void LiveLabel::render()
{
    setText(m_text ? m_text() : QString());
}

void LiveLabel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QLabel::changeEvent(event);
}

} // namespace watchium::app
