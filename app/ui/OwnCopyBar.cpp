#include "OwnCopyBar.h"

#include "client/RoomClient.h"
#include "FileDropFilter.h"
#include "MediaMismatches.h"
#include "MediaMismatchText.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

namespace watchium::app {

namespace {

QString settingsKey(const QString &roomId)
{
    return QStringLiteral("ownCopies/") + roomId;
}

} // namespace

OwnCopyBar::OwnCopyBar(RoomClient *room, MediaMismatches *mismatches, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_mismatches(mismatches)
    , m_mismatch(new QLabel(this))
    , m_ownCopy(new QPushButton(this))
    , m_roomVideo(new QPushButton(this))
{
    m_mismatch->setObjectName(QStringLiteral("mediaMismatchNotice"));
    m_mismatch->setTextFormat(Qt::PlainText);
    m_mismatch->setWordWrap(true);
    m_mismatch->setStyleSheet(QStringLiteral("color: #ef6c00;"));
    m_ownCopy->setObjectName(QStringLiteral("ownCopyButton"));
    m_roomVideo->setObjectName(QStringLiteral("roomVideoButton"));
    for (QPushButton *b : {m_ownCopy, m_roomVideo})
        b->setFocusPolicy(Qt::NoFocus);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->addWidget(m_mismatch, 1);
    layout->addWidget(m_ownCopy);
    layout->addWidget(m_roomVideo);
    m_chooser = [](QWidget *parent) {
        return QFileDialog::getOpenFileName(parent, tr("Your copy of the episode"), QString(),
                                            tr("Videos (*.mkv *.mp4 *.webm *.avi *.mov *.m4v "
                                               "*.ts *.wav *.mka *.mp3);;All files (*)"));
    };
    connect(m_ownCopy, &QPushButton::clicked, this, &OwnCopyBar::chooseFile);
    connect(m_roomVideo, &QPushButton::clicked, this, [this] {
        rememberCopy(m_room->session().roomId, {});
        Q_EMIT roomVideoChosen();
    });
    connect(m_mismatches, &MediaMismatches::changed, this, &OwnCopyBar::refresh);
    connect(m_room, &RoomClient::videoChanged, this, &OwnCopyBar::refresh);
    refresh();
}

QString OwnCopyBar::rememberedCopy(const QString &roomId)
{
    const QString path = QSettings().value(settingsKey(roomId)).toString();
    return !path.isEmpty() && QFileInfo(path).isFile() ? path : QString();
}

void OwnCopyBar::rememberCopy(const QString &roomId, const QString &path)
{
    // Only a file is worth remembering: a stream or a test source is chosen again each time.
    if (roomId.isEmpty() || (!path.isEmpty() && !QFileInfo(path).isFile()))
        return;
    QSettings settings;
    if (path.isEmpty())
        settings.remove(settingsKey(roomId));
    else
        settings.setValue(settingsKey(roomId), path);
}

void OwnCopyBar::setPlayingOwnCopy(bool own)
{
    m_playingOwnCopy = own;
    refresh();
}

void OwnCopyBar::acceptDropsOn(QWidget *target)
{
    connect(new FileDropFilter(target), &FileDropFilter::fileDropped, this, &OwnCopyBar::choose);
}

void OwnCopyBar::chooseFile()
{
    const QString path = m_chooser ? m_chooser(this) : QString();
    if (!path.isEmpty())
        choose(path);
}

void OwnCopyBar::choose(const QString &path)
{
    rememberCopy(m_room->session().roomId, path);
    Q_EMIT ownCopyChosen(path);
}

void OwnCopyBar::refresh()
{
    const QString me = m_room->userId();
    const QString notice = MediaMismatchText::forSelf(
        m_mismatches->differences(me), m_mismatches->mediaOf(me), m_mismatches->reference());
    m_mismatch->setText(notice);
    m_mismatch->setVisible(!notice.isEmpty());
    m_ownCopy->setText(m_playingOwnCopy ? tr("Play another copy…") : tr("Play my own copy…"));
    m_ownCopy->setToolTip(tr("Play your own file of this episode; the room keeps it in step "
                             "by position. Only its name, size and length are shared."));
    m_roomVideo->setText(tr("Back to the room's video"));
    // An own-files room has no video of its own to go back to.
    m_roomVideo->setVisible(m_playingOwnCopy && !m_room->videoUrl().isEmpty());
}

void OwnCopyBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace watchium::app
