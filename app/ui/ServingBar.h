#pragma once

#include "Server.h"

#include <QTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace watchium::app {

// The line above the start page while this computer serves rooms the user left to others:
// "Serving “TITLE” for N members" and a Stop button. While shown it asks for the audience
// every few seconds, so the count follows members coming and going.
class ServingBar : public QWidget
{
    Q_OBJECT

public:
    using AudienceSource = std::function<server::Server::Audience()>;

    explicit ServingBar(AudienceSource source, QWidget *parent = nullptr);

    // Asks for the audience now.
    void refresh();
    QString text() const;
    QPushButton *stopButton() const { return m_stop; }

Q_SIGNALS:
    void stopRequested();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslate();

    AudienceSource m_source;
    server::Server::Audience m_audience;
    QLabel *m_label;
    QPushButton *m_stop;
    QTimer m_refresh;
};

} // namespace watchium::app
