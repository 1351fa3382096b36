#pragma once

#include "SeekSlider.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace watchium::app {

// Play/pause, the seek slider (a click seeks; the comments' density along it) with elapsed and
// total time, the speed and "Sync to live". Shows what it is told and asks for changes by
// signal: only the room decides what plays. Members see the host's controls disabled, and so
// does the host while the room's connection is down.
class PlaybackControls : public QWidget
{
    Q_OBJECT

public:
    explicit PlaybackControls(QWidget *parent = nullptr);

    void setHost(bool isHost);
    // False while the room's connection is down: a control could not reach the room.
    void setConnected(bool connected);
    void setPlaying(bool playing);
    void setPosition(double seconds);
    void setDuration(double seconds);
    void setRate(double rate);
    // Where the episode's comments are, for the seek bar's density strip.
    void setCommentTimes(const QList<double> &seconds);

    QPushButton *playButton() const { return m_play; }
    SeekSlider *seekSlider() const { return m_slider; }
    QComboBox *speedCombo() const { return m_speed; }
    QPushButton *syncButton() const { return m_sync; }

Q_SIGNALS:
    void playPauseClicked();
    void seekRequested(double seconds);
    void rateRequested(double rate);
    void syncToLiveClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    // Every text, from the state shown (playing, host or member); on each language change.
    void retranslate();
    void updateTime();

    QPushButton *m_play;
    SeekSlider *m_slider;
    QLabel *m_time;
    QComboBox *m_speed;
    QPushButton *m_sync;
    double m_position = 0.0;
    double m_duration = 0.0;
    bool m_playing = false;
    bool m_isHost = false;
    bool m_connected = true;
};

} // namespace watchium::app
