#include "PlaybackControls.h"

#include "CommentsPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <cmath>

namespace watchium::app {

namespace {

constexpr double kRates[] = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0};

} // namespace

PlaybackControls::PlaybackControls(QWidget *parent)
    : QWidget(parent)
{
    m_play = new QPushButton(tr("Play"), this);
    m_play->setMinimumWidth(80);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, 0);
    m_time = new QLabel(this);
    m_time->setMinimumWidth(110);
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_speed = new QComboBox(this);
    for (double rate : kRates)
        m_speed->addItem(tr("%1×").arg(rate), rate);
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    m_sync = new QPushButton(tr("Sync to live"), this);
    m_sync->setToolTip(tr("Jump to where the room is now"));
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
    connect(m_slider, &QSlider::sliderMoved, this, [this](int value) {
        m_position = value / 1000.0;
        updateTime();
    });
    connect(m_speed, &QComboBox::activated, this,
            [this](int index) { Q_EMIT rateRequested(m_speed->itemData(index).toDouble()); });
    connect(m_sync, &QPushButton::clicked, this, &PlaybackControls::syncToLiveClicked);
    setHost(false);
    updateTime();
}

void PlaybackControls::setHost(bool isHost)
{
    const QString why = isHost ? QString() : tr("Only the host controls playback");
    for (QWidget *w : {static_cast<QWidget *>(m_play), static_cast<QWidget *>(m_slider),
                       static_cast<QWidget *>(m_speed)}) {
        w->setEnabled(isHost);
        w->setToolTip(why);
    }
    // The host is the room's reference; "Sync to live" is for those following it.
    m_sync->setVisible(!isHost);
}

void PlaybackControls::setPlaying(bool playing)
{
    m_playing = playing;
    m_play->setText(playing ? tr("Pause") : tr("Play"));
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
        m_speed->addItem(tr("%1×").arg(rate), rate);
        index = m_speed->count() - 1;
    }
    m_speed->setCurrentIndex(index);
}

void PlaybackControls::updateTime()
{
    m_time->setText(tr("%1 / %2").arg(CommentsPanel::formatTimestamp(m_position),
                                      CommentsPanel::formatTimestamp(m_duration)));
}

} // namespace watchium::app
