#pragma once

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace watchium::app {

class DanmakuOverlay;

// The row under the video for what flies over it: comments on or off, their density and
// opacity (remembered in QSettings, applied to the overlay), the reaction buttons, and in
// fullscreen a box whose Enter sends a comment at the current moment.
class DanmakuBar : public QWidget
{
    Q_OBJECT

public:
    DanmakuBar(DanmakuOverlay *overlay, QWidget *parent = nullptr);

    // Shows the comment box, the only way to comment while the side panel is hidden.
    void setFullScreen(bool fullScreen);

    QCheckBox *toggle() const { return m_toggle; }
    QComboBox *densityCombo() const { return m_density; }
    QSlider *opacitySlider() const { return m_opacity; }
    QList<QToolButton *> reactionButtons() const { return m_reactions; }
    QLineEdit *input() const { return m_input; }

Q_SIGNALS:
    void reactionClicked(const QString &emoji);
    void commentEntered(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void apply();

    DanmakuOverlay *m_overlay;
    QCheckBox *m_toggle;
    QLabel *m_densityLabel;
    QComboBox *m_density;
    QLabel *m_opacityLabel;
    QSlider *m_opacity;
    QList<QToolButton *> m_reactions;
    QLineEdit *m_input;
};

} // namespace watchium::app
