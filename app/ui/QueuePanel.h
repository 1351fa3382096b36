#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace watchium {
class QueueClient;
class RoomClient;
} // namespace watchium

namespace watchium::app {

// The room's episode queue: what plays next, for everyone; the host adds, removes and reorders
// entries, moves the room to the next episode and switches auto-advance. A running countdown
// shows as "Next episode in 9 s…" (with Cancel for the host). When the room moves to an episode
// everyone plays from their own files, the member is offered the next file of their folder, or
// asked for one.
class QueuePanel : public QWidget
{
    Q_OBJECT

public:
    enum Role { EntryIdRole = Qt::UserRole };

    // `room` must outlive this.
    explicit QueuePanel(RoomClient *room, QWidget *parent = nullptr);

    // The member's own file playing now (for the next one in its folder); none by default.
    void setOwnMediaProvider(std::function<QString()> provider);

    QueueClient *queue() const { return m_queue; }
    QListWidget *list() const { return m_list; }
    QSpinBox *episodeBox() const { return m_episode; }
    QLineEdit *titleEdit() const { return m_titleEdit; }
    QLineEdit *urlEdit() const { return m_urlEdit; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *upButton() const { return m_up; }
    QPushButton *downButton() const { return m_down; }
    QPushButton *nextButton() const { return m_next; }
    QCheckBox *autoAdvanceBox() const { return m_autoAdvance; }
    QLabel *countdownLabel() const { return m_countdown; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLabel *ownFileLabel() const { return m_ownLabel; }
    QPushButton *playOwnFileButton() const { return m_playOwn; }

Q_SIGNALS:
    // The member chose their own file for the room's episode (offered or picked).
    void ownFileChosen(const QString &path);
    void episodeChanged(qint64 episode);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();
    void updateRole();
    void updateCountdown();
    void moveSelected(int delta);
    void offerOwnFile(qint64 episode);
    void chooseOwnFile();
    qint64 selectedId() const;

    RoomClient *m_room;
    QueueClient *m_queue;
    std::function<QString()> m_ownMedia;
    QLabel *m_heading;
    QListWidget *m_list;
    QWidget *m_editor;
    QSpinBox *m_episode;
    QLineEdit *m_titleEdit;
    QLineEdit *m_urlEdit;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_next;
    QCheckBox *m_autoAdvance;
    QLabel *m_countdown;
    QPushButton *m_cancel;
    QWidget *m_ownOffer;
    QLabel *m_ownLabel;
    QPushButton *m_playOwn;
    QPushButton *m_chooseOwn;
    QTimer m_tick;
    qint64 m_ownEpisode = 0;
    QString m_offeredFile;
};

} // namespace watchium::app
