#include "QueuePanel.h"

#include "client/QueueClient.h"
#include "client/RoomClient.h"
#include "domain/Validation.h"
#include "NextOwnFile.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace watchium::app {

namespace {

constexpr int kTickMs = 250;

} // namespace

QueuePanel::QueuePanel(RoomClient *room, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_queue(new QueueClient(room, this))
{
    m_heading = new QLabel(this);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("queueList"));

    m_editor = new QWidget(this);
    m_episode = new QSpinBox(m_editor);
    m_episode->setRange(1, int(validation::kEpisodeMax));
    m_titleEdit = new QLineEdit(m_editor);
    m_titleEdit->setMaxLength(validation::kTitleMax);
    m_urlEdit = new QLineEdit(m_editor);
    m_urlEdit->setMaxLength(validation::kUrlMax);
    m_add = new QPushButton(m_editor);
    auto *addRow = new QHBoxLayout();
    addRow->addWidget(m_episode);
    addRow->addWidget(m_titleEdit, 1);
    auto *urlRow = new QHBoxLayout();
    urlRow->addWidget(m_urlEdit, 1);
    urlRow->addWidget(m_add);
    m_remove = new QPushButton(m_editor);
    m_up = new QPushButton(m_editor);
    m_down = new QPushButton(m_editor);
    m_next = new QPushButton(m_editor);
    m_next->setObjectName(QStringLiteral("nextEpisodeButton"));
    auto *buttons = new QHBoxLayout();
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    auto *editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addLayout(addRow);
    editorLayout->addLayout(urlRow);
    editorLayout->addLayout(buttons);

    m_autoAdvance = new QCheckBox(this);
    m_countdown = new QLabel(this);
    m_cancel = new QPushButton(this);
    auto *countdownRow = new QHBoxLayout();
    countdownRow->addWidget(m_countdown, 1);
    countdownRow->addWidget(m_cancel);

    m_ownOffer = new QWidget(this);
    m_ownLabel = new QLabel(m_ownOffer);
    m_ownLabel->setWordWrap(true);
    m_ownLabel->setTextFormat(Qt::PlainText);
    m_playOwn = new QPushButton(m_ownOffer);
    m_chooseOwn = new QPushButton(m_ownOffer);
    auto *ownLayout = new QHBoxLayout(m_ownOffer);
    ownLayout->setContentsMargins(0, 0, 0, 0);
    ownLayout->addWidget(m_ownLabel, 1);
    ownLayout->addWidget(m_playOwn);
    ownLayout->addWidget(m_chooseOwn);
    m_ownOffer->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_editor);
    layout->addWidget(m_autoAdvance);
    layout->addLayout(countdownRow);
    layout->addWidget(m_ownOffer);

    connect(m_add, &QPushButton::clicked, this, [this] {
        const QString url = m_urlEdit->text().trimmed();
        m_queue->add(m_episode->value(), m_titleEdit->text().trimmed(), url);
        m_titleEdit->clear();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedId())
            m_queue->remove(id);
    });
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(1); });
    connect(m_next, &QPushButton::clicked, m_queue, &QueueClient::next);
    connect(m_autoAdvance, &QCheckBox::clicked, m_queue, &QueueClient::setAutoAdvance);
    connect(m_cancel, &QPushButton::clicked, m_queue, &QueueClient::cancelAdvance);
    connect(m_playOwn, &QPushButton::clicked, this, [this] {
        m_ownOffer->hide();
        Q_EMIT ownFileChosen(m_offeredFile);
    });
    connect(m_chooseOwn, &QPushButton::clicked, this, &QueuePanel::chooseOwnFile);
    connect(m_list, &QListWidget::currentRowChanged, this, &QueuePanel::updateRole);

    connect(m_queue, &QueueClient::queueChanged, this, &QueuePanel::refresh);
    connect(m_queue, &QueueClient::countdownChanged, this, &QueuePanel::updateCountdown);
    connect(m_queue, &QueueClient::episodeChanged, this,
            [this](qint64 episode, const QString &, const QString &videoUrl) {
                m_ownOffer->hide();
                if (videoUrl.isEmpty())
                    offerOwnFile(episode);
                Q_EMIT episodeChanged(episode);
            });
    connect(m_room, &RoomClient::hostChanged, this, &QueuePanel::updateRole);
    connect(m_room, &RoomClient::connectionStateChanged, this, &QueuePanel::updateRole);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &QueuePanel::updateCountdown);

    retranslate();
    refresh();
}

void QueuePanel::setOwnMediaProvider(std::function<QString()> provider)
{
    m_ownMedia = std::move(provider);
}

void QueuePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void QueuePanel::retranslate()
{
    m_heading->setText(tr("Up next"));
    m_titleEdit->setPlaceholderText(tr("Title (optional)"));
    m_urlEdit->setPlaceholderText(tr("Video URL (empty: everyone plays their own file)"));
    m_episode->setPrefix(tr("Ep. "));
    m_add->setText(tr("Add"));
    m_remove->setText(tr("Remove"));
    m_up->setText(tr("Up"));
    m_down->setText(tr("Down"));
    m_next->setText(tr("Next episode"));
    m_next->setToolTip(tr("Move everyone to the first episode of the queue now"));
    m_autoAdvance->setText(tr("Play the next episode automatically"));
    m_cancel->setText(tr("Cancel"));
    m_playOwn->setText(tr("Play it"));
    m_chooseOwn->setText(tr("Choose file…"));
    refresh();
}

void QueuePanel::refresh()
{
    const RoomQueue &queue = m_queue->queue();
    const qint64 selected = selectedId();
    m_list->clear();
    for (const QueueEntry &e : queue.entries) {
        QString text = e.title.isEmpty() ? tr("Episode %1").arg(e.episode)
                                         : tr("Episode %1: %2").arg(e.episode).arg(e.title);
        if (e.isOwnFiles())
            text += QStringLiteral(" · ") + tr("own files");
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(EntryIdRole, e.id);
        item->setToolTip(e.isOwnFiles() ? tr("Everyone plays their own copy") : e.videoUrl);
        if (e.id == selected)
            m_list->setCurrentItem(item);
    }
    if (queue.entries.isEmpty()) {
        auto *empty = new QListWidgetItem(tr("Nothing queued"), m_list);
        empty->setFlags(Qt::NoItemFlags);
    }
    // The next one to add is likely the episode after the last one known.
    const qint64 last =
        queue.entries.isEmpty() ? m_queue->episode() : queue.entries.constLast().episode;
    if (!m_titleEdit->hasFocus() && last > 0)
        m_episode->setValue(int(std::min(last + 1, validation::kEpisodeMax)));
    m_autoAdvance->setChecked(queue.autoAdvance);
    updateRole();
    updateCountdown();
}

void QueuePanel::updateRole()
{
    const bool host = m_room->isHost();
    const bool joined = m_room->connectionState() == RoomClient::ConnectionState::Joined;
    m_editor->setVisible(host);
    m_autoAdvance->setEnabled(host && joined);
    const bool chosen = selectedId() != 0;
    const int row = m_list->currentRow();
    m_remove->setEnabled(joined && chosen);
    m_up->setEnabled(joined && chosen && row > 0);
    m_down->setEnabled(joined && chosen && row < int(m_queue->queue().entries.size()) - 1);
    m_next->setEnabled(joined && !m_queue->queue().entries.isEmpty());
    m_add->setEnabled(joined);
    m_cancel->setVisible(host && m_queue->advanceAtMs() > 0);
}

void QueuePanel::updateCountdown()
{
    const qint64 at = m_queue->advanceAtMs();
    if (at <= 0) {
        m_tick.stop();
        m_countdown->clear();
        m_countdown->hide();
        m_cancel->hide();
        return;
    }
    const int seconds = int(std::max<qint64>(0, (at - m_room->serverNowMs() + 999) / 1000));
    m_countdown->setText(tr("Next episode in %n s…", nullptr, seconds));
    m_countdown->show();
    m_cancel->setVisible(m_room->isHost());
    if (!m_tick.isActive())
        m_tick.start();
}

qint64 QueuePanel::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(EntryIdRole).toLongLong() : 0;
}

void QueuePanel::moveSelected(int delta)
{
    const qint64 id = selectedId();
    const int row = m_list->currentRow();
    if (id != 0 && row + delta >= 0)
        m_queue->move(id, row + delta);
}

void QueuePanel::offerOwnFile(qint64 episode)
{
    m_ownEpisode = episode;
    m_offeredFile = nextOwnFile(m_ownMedia ? m_ownMedia() : QString(), episode);
    if (m_offeredFile.isEmpty()) {
        m_ownLabel->setText(
            tr("Episode %1 plays from everyone's own files: choose yours.").arg(episode));
    } else {
        m_ownLabel->setText(tr("Episode %1 from your folder: %2")
                                .arg(episode)
                                .arg(QFileInfo(m_offeredFile).fileName()));
    }
    m_playOwn->setVisible(!m_offeredFile.isEmpty());
    m_ownOffer->show();
}

void QueuePanel::chooseOwnFile()
{
    const QString current = m_ownMedia ? m_ownMedia() : QString();
    const QString folder = current.isEmpty() ? QString() : QFileInfo(current).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose episode %1").arg(m_ownEpisode), folder,
        tr("Videos (*.mkv *.mp4 *.m4v *.avi *.webm *.mov *.ts);;All files (*)"));
    if (path.isEmpty())
        return;
    m_ownOffer->hide();
    Q_EMIT ownFileChosen(path);
}

} // namespace watchium::app
