#include "PlaybackControls.h"

#include "CommentsPanel.h"
#include "SeekSlider.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <cmath>

namespace watchium::app {

namespace {

constexpr double kRates[] = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0};

QString rateText(double rate)
{
    return PlaybackControls::tr("%1×").arg(rate);
}

} // namespace

PlaybackControls::PlaybackControls(QWidget *parent)
    : QWidget(parent)
{
    m_play = new QPushButton(this);
    m_play->setMinimumWidth(80);
    m_slider = new SeekSlider(this);
    m_slider->setRange(0, 0);
    m_time = new QLabel(this);
    m_time->setMinimumWidth(110);
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_speed = new QComboBox(this);
    for (double rate : kRates)
        m_speed->addItem(QString(), rate);
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    m_sync = new QPushButton(this);
    // Space and the arrow keys belong to the room view, not to whichever control has focus.
    for (QWidget *w : {static_cast<QWidget *>(m_play), static_cast<QWidget *>(m_slider),
                       static_cast<QWidget *>(m_speed), static_cast<QWidget *>(m_sync)})
        w->setFocusPolicy(Qt::NoFocus);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_time);
    layout->addWidget(m_speed);
    layout->addWidget(m_sync);

    connect(m_play, &QPushButton::clicked, this, &PlaybackControls::playPauseClicked);
    connect(m_slider, &QSlider::sliderReleased, this,
            [this] { Q_EMIT seekRequested(m_slider->value() / 1000.0); });
    connect(m_slider, &SeekSlider::grooveClicked, this, [this](int value) {
        m_position = value / 1000.0;
        updateTime();
        Q_EMIT seekRequested(m_position);
    });
    connect(m_slider, &QSlider::sliderMoved, this, [this](int value) {
        m_position = value / 1000.0;
        updateTime();
    });
    connect(m_speed, &QComboBox::activated, this,
            [this](int index) { Q_EMIT rateRequested(m_speed->itemData(index).toDouble()); });
    connect(m_sync, &QPushButton::clicked, this, &PlaybackControls::syncToLiveClicked);
    setHost(false);
    retranslate();
}

void PlaybackControls::retranslate()
{
    m_play->setText(m_playing ? tr("Pause") : tr("Play"));
    const QString why = !m_isHost ? tr("Only the host controls playback")
        : !m_connected ? tr("Not connected to the room: the controls come back when it reconnects")
                       : QString();
    for (QWidget *w : {static_cast<QWidget *>(m_play), static_cast<QWidget *>(m_slider),
                       static_cast<QWidget *>(m_speed)})
        w->setToolTip(why);
    for (int i = 0; i < m_speed->count(); ++i)
        m_speed->setItemText(i, rateText(m_speed->itemData(i).toDouble()));
    m_sync->setText(tr("Sync to live"));
    m_sync->setToolTip(tr("Jump to where the room is now"));
    updateTime();
}

void PlaybackControls::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PlaybackControls::setConnected(bool connected)
{
    if (connected == m_connected)
        return;
    m_connected = connected;
    setHost(m_isHost);
}

void PlaybackControls::setHost(bool isHost)
{
    m_isHost = isHost;
    for (QWidget *w : {static_cast<QWidget *>(m_play), static_cast<QWidget *>(m_slider),
                       static_cast<QWidget *>(m_speed)})
        w->setEnabled(isHost && m_connected);
    // The host is the room's reference; "Sync to live" is for those following it.
    m_sync->setVisible(!isHost);
    retranslate();
}

void PlaybackControls::setPlaying(bool playing)
{
    m_playing = playing;
    retranslate();
}

void PlaybackControls::setPosition(double seconds)
{
    if (m_slider->isSliderDown())
        return;
    m_position = seconds;
    m_slider->setValue(int(std::lround(seconds * 1000.0)));
    updateTime();
}

void PlaybackControls::setDuration(double seconds)
{
    m_duration = seconds;
    m_slider->setRange(0, int(std::lround(seconds * 1000.0)));
    updateTime();
}

void PlaybackControls::setRate(double rate)
{
    int index = m_speed->findData(rate);
    if (index < 0) {
        m_speed->addItem(rateText(rate), rate);
        index = m_speed->count() - 1;
    }
    m_speed->setCurrentIndex(index);
}

void PlaybackControls::setCommentTimes(const QList<double> &seconds)
{
    m_slider->setCommentTimes(seconds);
}

void PlaybackControls::updateTime()
{
    m_time->setText(tr("%1 / %2").arg(CommentsPanel::formatTimestamp(m_position),
                                      CommentsPanel::formatTimestamp(m_duration)));
}

} // namespace watchium::app
