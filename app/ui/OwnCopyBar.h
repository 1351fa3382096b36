#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace watchium {
class MediaMismatches;
class RoomClient;
} // namespace watchium

namespace watchium::app {

// Under the video: this member's choice between the room's video and their own copy of the
// episode (Syncplay's model; remembered per room on this computer), a file dropped on the room
// doing the same, and why their file differs from the host's when it does.
class OwnCopyBar : public QWidget
{
    Q_OBJECT

public:
    using FileChooser = std::function<QString(QWidget *parent)>;

    // `room` and `mismatches` must outlive this.
    OwnCopyBar(RoomClient *room, MediaMismatches *mismatches, QWidget *parent = nullptr);

    // Whether the player now plays this member's own copy (or the room's video).
    void setPlayingOwnCopy(bool own);
    // The member plays `path`, their own copy, from here on (remembered for the room): from the
    // file dialog, a drop, or the next episode's file the queue found.
    void choose(const QString &path);
    // Drops of a file on `target` (and the widgets in it that take none) choose it.
    void acceptDropsOn(QWidget *target);
    // Tests replace the file dialog.
    void setFileChooser(FileChooser chooser) { m_chooser = std::move(chooser); }

    // The copy chosen for `roomId` on this computer; empty: none, or it is gone.
    static QString rememberedCopy(const QString &roomId);
    static void rememberCopy(const QString &roomId, const QString &path);

    QLabel *mismatchNotice() const { return m_mismatch; }
    QPushButton *ownCopyButton() const { return m_ownCopy; }
    QPushButton *roomVideoButton() const { return m_roomVideo; }

Q_SIGNALS:
    void ownCopyChosen(const QString &path);
    void roomVideoChosen();

protected:
    void changeEvent(QEvent *event) override;

private:
    void chooseFile();
    void refresh();

    RoomClient *m_room;
    MediaMismatches *m_mismatches;
    QLabel *m_mismatch;
    QPushButton *m_ownCopy;
    QPushButton *m_roomVideo;
    FileChooser m_chooser;
    bool m_playingOwnCopy = false;
};

} // namespace watchium::app
