#pragma once

#include "LiveText.h"

#include <QLabel>

namespace watchium::app {

// A plain-text label showing state in words (an error, a status line): its text is made by a
// LiveText, again on each language change.
class LiveLabel : public QLabel
{
    Q_OBJECT

public:
    explicit LiveLabel(QWidget *parent = nullptr);

    // An empty function clears the label.
    void setLiveText(LiveText text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    LiveText m_text;
};

} // namespace watchium::app
