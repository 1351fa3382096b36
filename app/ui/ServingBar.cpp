#include "ServingBar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace watchium::app {

namespace {

constexpr int kRefreshMs = 2000;

} // namespace

ServingBar::ServingBar(AudienceSource source, QWidget *parent)
    : QWidget(parent)
    , m_source(std::move(source))
    , m_label(new QLabel(this))
    , m_stop(new QPushButton(this))
{
    // Room titles are what their creators typed: never markup.
    m_label->setTextFormat(Qt::PlainText);
    m_stop->setObjectName(QStringLiteral("stopServingButton"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 8, 24, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_stop);
    connect(m_stop, &QPushButton::clicked, this, &ServingBar::stopRequested);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &ServingBar::refresh);
    retranslate();
}

void ServingBar::refresh()
{
    m_audience = m_source();
    retranslate();
}

QString ServingBar::text() const
{
    return m_label->text();
}

void ServingBar::retranslate()
{
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop the server on this computer; its rooms close for everyone"));
    if (m_audience.roomTitles.isEmpty()) {
        m_label->setText(tr("The server on this computer is running; nobody is connected."));
        return;
    }
    QStringList titles;
    for (const QString &title : std::as_const(m_audience.roomTitles))
        titles.append(tr("“%1”").arg(title));
    m_label->setText(tr("Serving %1 for %n member(s)", nullptr, m_audience.members)
                         .arg(QLocale().createSeparatedList(titles)));
}

void ServingBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ServingBar::showEvent(QShowEvent *event)
{
    refresh();
    m_refresh.start();
    QWidget::showEvent(event);
}

void ServingBar::hideEvent(QHideEvent *event)
{
    m_refresh.stop();
    QWidget::hideEvent(event);
}

} // namespace watchium::app
