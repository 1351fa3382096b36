#pragma once

#include "LiveText.h"
#include <QHash>

#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace watchium {
class RoomClient;
struct RoomSession;
} // namespace watchium

namespace watchium::app {

class LiveLabel;

// The episode's discussion: the thread loaded on join (anchor, comments, their replies) and new
// comments live. Every comment is shown as plain text, never interpreted as markup.
class CommentsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Role { CommentIdRole = Qt::UserRole, IsAnchorRole, CommentRole };
    enum Column { TextColumn, VideoColumn };
    static constexpr int kMaxLength = 1000; // comments-create's limit

    // `position` gives the video position a new comment is pinned to.
    CommentsPanel(RoomClient *room, std::function<double()> position, QWidget *parent = nullptr);

    // comments-get-by-episode for the room's anime and episode.
    void load(const RoomSession &session);
    // The room moved to another episode (session.room's episode_number): its thread replaces
    // the one shown.
    void showEpisode(const RoomSession &session);

    QTreeWidget *tree() const { return m_tree; }
    QPlainTextEdit *input() const { return m_input; }
    QPushButton *sendButton() const { return m_send; }
    // Finds a shown comment by id.
    QTreeWidgetItem *itemFor(qint64 id) const { return m_items.value(id); }

    static QString formatTimestamp(double seconds);

Q_SIGNALS:
    // A comment newly in the tree: from the thread loaded on join, or `live`, just posted.
    void commentShown(const QJsonObject &comment, bool live);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Every text, the comments' own lines included; on each language change.
    void retranslate();
    static QString textFor(const QJsonObject &comment);
    void showLoadError(LiveText message);
    void addComment(const QJsonObject &comment, bool live);
    void send();
    void startReply();
    void cancelReply();
    void updateReplyLabel();
    void updateInput();

    RoomClient *m_room;
    std::function<double()> m_position;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_input;
    QLabel *m_counter;
    QLabel *m_replyLabel;
    QPushButton *m_cancelReply;
    QPushButton *m_reply;
    QPushButton *m_send;
    QLabel *m_title;
    LiveLabel *m_loadError;
    QHash<qint64, QTreeWidgetItem *> m_items;
    qint64 m_anchorId = 0;
    std::optional<qint64> m_replyTo;
};

} // namespace watchium::app
