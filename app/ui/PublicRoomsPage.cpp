#include "PublicRoomsPage.h"

#include "client/RoomApi.h"
#include "LiveLabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace watchium::app {

namespace {

constexpr int kListLimit = 100; // rooms-list-public's maximum page

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QString playingText(bool playing)
{
    return playing ? PublicRoomsPage::tr("Playing") : PublicRoomsPage::tr("Paused");
}

} // namespace

PublicRoomsPage::PublicRoomsPage(QWidget *parent)
    : QWidget(parent)
{
    m_server = new QLineEdit(this);
    m_refresh = new QPushButton(this);
    m_filter = new QLineEdit(this);
    m_filter->setClearButtonEnabled(true);
    m_table = new QTableWidget(0, 5, this);
    m_table->horizontalHeader()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AnimeColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_status = new LiveLabel(this);

    m_serverLabel = new QLabel(this);

    auto *top = new QHBoxLayout;
    top->addWidget(m_serverLabel);
    top->addWidget(m_server, 2);
    top->addWidget(m_refresh);
    top->addSpacing(16);
    top->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_refresh, &QPushButton::clicked, this, &PublicRoomsPage::refresh);
    connect(m_server, &QLineEdit::returnPressed, this, &PublicRoomsPage::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, &PublicRoomsPage::applyFilter);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        const QString roomId = m_table->item(row, TitleColumn)->data(RoomIdRole).toString();
        if (!roomId.isEmpty())
            Q_EMIT joinRequested(m_apiUrl, roomId);
    });
    retranslate();
}

void PublicRoomsPage::retranslate()
{
    m_server->setPlaceholderText(tr("http://server:8787"));
    m_refresh->setText(tr("Refresh"));
    m_filter->setPlaceholderText(tr("Filter by title or anime"));
    m_serverLabel->setText(tr("Server:"));
    m_table->setHorizontalHeaderLabels(
        {tr("Title"), tr("Anime"), tr("Episode"), tr("Members"), tr("Playing")});
    // Sorted by that column, a row would move while the loop walks the rows.
    m_table->setSortingEnabled(false);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *playing = m_table->item(row, PlayingColumn);
        playing->setText(playingText(playing->data(IsPlayingRole).toBool()));
    }
    m_table->setSortingEnabled(true);
}

void PublicRoomsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PublicRoomsPage::setServerUrl(const QUrl &url, const CertificatePin &pin)
{
    m_server->setText(url.toString());
    m_pinnedUrl = url;
    m_pin = pin;
}

QString PublicRoomsPage::statusText() const
{
    return m_status->text();
}

void PublicRoomsPage::refresh()
{
    QString text = m_server->text().trimmed();
    if (!text.contains(QLatin1String("://")))
        text.prepend(QStringLiteral("http://"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        m_status->setLiveText(
            [] { return tr("Enter the server's address, e.g. http://server:8787."); });
        return;
    }
    if (!m_api || url != m_apiUrl) {
        delete m_api;
        m_api = new RoomApi(url, QString(), nullptr, this);
        if (url == m_pinnedUrl && !m_pin.isNull())
            m_api->setTls(ClientTls(TlsPolicy {QString(), true, m_pin}));
        m_apiUrl = url;
    }
    m_status->setLiveText([] { return tr("Loading…"); });
    m_refresh->setEnabled(false);
    QPointer<PublicRoomsPage> self(this);
    m_api->call(QStringLiteral("rooms-list-public"), {{QStringLiteral("limit"), kListLimit}},
                QString(), [self](const RoomApi::Result &result) {
                    if (!self)
                        return;
                    self->m_refresh->setEnabled(true);
                    if (!result.ok) {
                        self->m_status->setLiveText([message = result.message] {
                            return tr("Could not list the rooms: %1").arg(message);
                        });
                        return;
                    }
                    const QJsonArray rooms = result.data.value(QLatin1String("rooms")).toArray();
                    QTableWidget *table = self->m_table;
                    table->setSortingEnabled(false);
                    table->setRowCount(0);
                    for (const QJsonValue &value : rooms) {
                        const QJsonObject room = value.toObject();
                        const int row = table->rowCount();
                        table->insertRow(row);
                        auto *title = cell(room.value(QLatin1String("title")).toString());
                        title->setData(RoomIdRole, room.value(QLatin1String("room_id")).toString());
                        table->setItem(row, TitleColumn, title);
                        table->setItem(row, AnimeColumn,
                                       cell(room.value(QLatin1String("anime_title")).toString()));
                        auto *episode = cell(QString());
                        episode->setData(Qt::DisplayRole,
                                         room.value(QLatin1String("episode_number")).toInt());
                        table->setItem(row, EpisodeColumn, episode);
                        auto *members = cell(QString());
                        members->setData(Qt::DisplayRole,
                                         room.value(QLatin1String("online_count")).toInt());
                        table->setItem(row, MembersColumn, members);
                        const bool isPlaying = room.value(QLatin1String("is_playing")).toBool();
                        auto *playing = cell(playingText(isPlaying));
                        playing->setData(IsPlayingRole, isPlaying);
                        table->setItem(row, PlayingColumn, playing);
                    }
                    table->setSortingEnabled(true);
                    self->m_status->setLiveText([count = int(rooms.size())] {
                        return tr("%n public room(s). Double-click one to join.", nullptr, count);
                    });
                    self->applyFilter();
                });
}

void PublicRoomsPage::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const bool match = needle.isEmpty()
            || m_table->item(row, TitleColumn)->text().contains(needle, Qt::CaseInsensitive)
            || m_table->item(row, AnimeColumn)->text().contains(needle, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

} // namespace watchium::app
