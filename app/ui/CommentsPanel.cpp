#include "CommentsPanel.h"

#include "client/RoomApi.h"
#include "client/RoomClient.h"
#include "LiveLabel.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace watchium::app {

namespace {

QString postedAt(const QJsonValue &value)
{
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat)
                          : QString();
}

} // namespace

CommentsPanel::CommentsPanel(RoomClient *room, std::function<double()> position, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_position(std::move(position))
{
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->header()->setSectionResizeMode(TextColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(VideoColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->setRootIsDecorated(true);

    m_loadError = new LiveLabel(this);
    m_loadError->setWordWrap(true);
    m_loadError->hide();

    m_replyLabel = new QLabel(this);
    m_replyLabel->setTextFormat(Qt::PlainText);
    m_cancelReply = new QPushButton(this);
    m_reply = new QPushButton(this);
    m_reply->setEnabled(false);
    m_reply->setObjectName(QStringLiteral("replyButton"));
    m_input = new QPlainTextEdit(this);
    m_input->setMaximumHeight(80);
    m_input->installEventFilter(this);
    m_counter = new QLabel(this);
    m_send = new QPushButton(this);

    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_replyLabel, 1);
    replyRow->addWidget(m_cancelReply);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_reply);
    sendRow->addStretch();
    sendRow->addWidget(m_counter);
    sendRow->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_loadError);
    layout->addWidget(m_tree, 1);
    layout->addLayout(replyRow);
    layout->addWidget(m_input);
    layout->addLayout(sendRow);

    connect(m_input, &QPlainTextEdit::textChanged, this, &CommentsPanel::updateInput);
    connect(m_send, &QPushButton::clicked, this, &CommentsPanel::send);
    connect(m_reply, &QPushButton::clicked, this, &CommentsPanel::startReply);
    connect(m_cancelReply, &QPushButton::clicked, this, &CommentsPanel::cancelReply);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, &CommentsPanel::startReply);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_reply->setEnabled(!m_tree->selectedItems().isEmpty()); });
    connect(m_room, &RoomClient::commentReceived, this,
            [this](const QJsonObject &comment) { addComment(comment, true); });
    connect(m_room, &RoomClient::commentAcknowledged, this,
            [this](const QString &, const QJsonObject &comment) { addComment(comment, true); });
    connect(m_room, &RoomClient::commentFailed, this,
            [this](const QString &, const QString &, const QString &message) {
                showLoadError(
                    [message] { return tr("Your comment was not posted: %1").arg(message); });
            });
    cancelReply();
    retranslate();
}

void CommentsPanel::retranslate()
{
    m_title->setText(tr("Comments"));
    m_tree->setHeaderLabels({tr("Comment"), tr("At")});
    m_cancelReply->setText(tr("Cancel reply"));
    m_reply->setText(tr("Reply"));
    m_reply->setToolTip(tr("Reply to the selected comment (with what you typed, if anything)"));
    m_input->setPlaceholderText(tr("Say something about this moment… (Ctrl+Enter sends)"));
    // Who and when: the time is in the UI language's format.
    for (QTreeWidgetItem *item : std::as_const(m_items)) {
        const QJsonObject comment = item->data(TextColumn, CommentRole).toJsonObject();
        item->setText(TextColumn, textFor(comment));
    }
    updateReplyLabel();
    updateInput();
}

void CommentsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CommentsPanel::showLoadError(LiveText message)
{
    m_loadError->setLiveText(std::move(message));
    m_loadError->show();
}

QString CommentsPanel::textFor(const QJsonObject &comment)
{
    const QString message = comment.value(QLatin1String("message")).toString();
    if (comment.value(QLatin1String("is_anchor")).toBool())
        return message;
    // Two lines: who and when, then what.
    return tr("%1 · %2\n%3")
        .arg(comment.value(QLatin1String("username")).toString(),
             postedAt(comment.value(QLatin1String("created_at"))), message);
}

QString CommentsPanel::formatTimestamp(double seconds)
{
    const qint64 total = qMax<qint64>(0, qint64(std::floor(seconds)));
    const qint64 hours = total / 3600;
    const QString mmss = QStringLiteral("%1:%2")
                             .arg((total / 60) % 60, 2, 10, QLatin1Char('0'))
                             .arg(total % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(mmss) : mmss;
}

void CommentsPanel::load(const RoomSession &session)
{
    const QJsonObject room = session.room;
    const QJsonObject body {
        {QStringLiteral("anime_id"), room.value(QLatin1String("anime_id"))},
        {QStringLiteral("episode_number"), room.value(QLatin1String("episode_number"))},
        {QStringLiteral("anime_title"), room.value(QLatin1String("anime_title"))},
        // With the member's token, so a private room's own comments are in the thread.
        {QStringLiteral("room_id"), room.value(QLatin1String("room_id"))},
        {QStringLiteral("limit"), 50}};
    QPointer<CommentsPanel> self(this);
    m_room->api()->call(QStringLiteral("comments-get-by-episode"), body, session.memberToken,
                        [self](const RoomApi::Result &result) {
                            if (!self)
                                return;
                            if (!result.ok) {
                                self->showLoadError([message = result.message] {
                                    return tr("Could not load the comments: %1").arg(message);
                                });
                                return;
                            }
                            self->m_loadError->setLiveText({});
                            self->m_loadError->hide();
                            const QJsonObject anchor =
                                result.data.value(QLatin1String("anchor")).toObject();
                            if (!anchor.isEmpty())
                                self->addComment(anchor, false);
                            const QJsonArray threads =
                                result.data.value(QLatin1String("threads")).toArray();
                            for (const QJsonValue &thread : threads) {
                                self->addComment(thread.toObject(), false);
                                const QJsonArray replies =
                                    thread.toObject().value(QLatin1String("replies")).toArray();
                                for (const QJsonValue &reply : replies)
                                    self->addComment(reply.toObject(), false);
                            }
                        });
}

void CommentsPanel::showEpisode(const RoomSession &session)
{
    cancelReply();
    m_items.clear();
    m_tree->clear();
    m_anchorId = 0;
    load(session);
}

void CommentsPanel::addComment(const QJsonObject &comment, bool live)
{
    const qint64 id = comment.value(QLatin1String("id")).toInteger();
    if (id <= 0 || m_items.contains(id))
        return; // a live copy of one already shown (the broadcast and our own acknowledgement)
    const bool isAnchor = comment.value(QLatin1String("is_anchor")).toBool();
    const qint64 parentId = comment.value(QLatin1String("parent_id")).toInteger();
    QTreeWidgetItem *parent = m_items.value(parentId);
    QTreeWidgetItem *item = nullptr;
    // Comments on the anchor are the threads: shown at the top level under it, not inside it.
    if (parent && parentId != m_anchorId)
        item = new QTreeWidgetItem(parent);
    else
        item = new QTreeWidgetItem(m_tree);
    const QString message = comment.value(QLatin1String("message")).toString();
    // QTreeWidgetItem text is plain text: nothing in a comment is interpreted as markup.
    item->setText(TextColumn, textFor(comment));
    // The whole message is in the tooltip.
    item->setToolTip(TextColumn, message);
    const QJsonValue at = comment.value(QLatin1String("video_timestamp"));
    if (at.isDouble())
        item->setText(VideoColumn, formatTimestamp(at.toDouble()));
    item->setData(TextColumn, CommentIdRole, id);
    item->setData(TextColumn, IsAnchorRole, isAnchor);
    item->setData(TextColumn, CommentRole, comment);
    if (isAnchor) {
        m_anchorId = id;
        QFont italic = item->font(TextColumn);
        italic.setItalic(true);
        item->setFont(TextColumn, italic);
        m_tree->insertTopLevelItem(0, m_tree->takeTopLevelItem(m_tree->indexOfTopLevelItem(item)));
    }
    if (parent)
        parent->setExpanded(true);
    m_items.insert(id, item);
    if (!parent || parentId == m_anchorId)
        m_tree->scrollToItem(item);
    Q_EMIT commentShown(comment, live);
}

void CommentsPanel::startReply()
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    if (selected.isEmpty())
        return;
    QTreeWidgetItem *item = selected.first();
    m_replyTo = item->data(TextColumn, CommentIdRole).toLongLong();
    // Whoever wrote first and then picked the comment means this text as the reply: Reply sends
    // it, instead of opening an empty reply over what they typed.
    if (m_send->isEnabled()) {
        send();
        return;
    }
    updateReplyLabel();
    m_replyLabel->show();
    m_cancelReply->show();
    m_input->setFocus();
}

void CommentsPanel::updateReplyLabel()
{
    const QTreeWidgetItem *item = m_replyTo ? m_items.value(*m_replyTo) : nullptr;
    m_replyLabel->setText(item ? tr("Replying to: %1").arg(item->text(TextColumn).left(60))
                               : QString());
    m_send->setText(m_replyTo ? tr("Send reply") : tr("Send"));
}

void CommentsPanel::cancelReply()
{
    m_replyTo.reset();
    m_replyLabel->hide();
    m_cancelReply->hide();
    updateReplyLabel();
}

void CommentsPanel::updateInput()
{
    const int length = m_input->toPlainText().length();
    m_counter->setText(tr("%1 / %2").arg(length).arg(kMaxLength));
    m_counter->setStyleSheet(length > kMaxLength ? QStringLiteral("QLabel { color: #c62828; }")
                                                 : QString());
    m_send->setEnabled(!m_input->toPlainText().trimmed().isEmpty() && length <= kMaxLength);
}

void CommentsPanel::send()
{
    if (!m_send->isEnabled())
        return;
    const QString text = m_input->toPlainText().trimmed();
    m_room->sendComment(text, m_position ? std::optional<double>(m_position()) : std::nullopt,
                        m_replyTo);
    m_input->clear();
    cancelReply();
}

bool CommentsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace watchium::app
