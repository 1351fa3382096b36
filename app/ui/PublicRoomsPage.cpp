#include "PublicRoomsPage.h"

#include "client/RoomApi.h"

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

} // namespace

PublicRoomsPage::PublicRoomsPage(QWidget *parent)
    : QWidget(parent)
{
    m_server = new QLineEdit(this);
    m_server->setPlaceholderText(tr("http://server:8787"));
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by title or anime"));
    m_filter->setClearButtonEnabled(true);
    m_table = new QTableWidget(0, 5, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Title"), tr("Anime"), tr("Episode"), tr("Members"), tr("Playing")});
    m_table->horizontalHeader()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AnimeColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Server:"), this));
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
}

void PublicRoomsPage::setServerUrl(const QUrl &url)
{
    m_server->setText(url.toString());
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
        m_status->setText(tr("Enter the server's address, e.g. http://server:8787."));
        return;
    }
    if (!m_api || url != m_apiUrl) {
        delete m_api;
        m_api = new RoomApi(url, QString(), nullptr, this);
        m_apiUrl = url;
    }
    m_status->setText(tr("Loading…"));
    m_refresh->setEnabled(false);
    QPointer<PublicRoomsPage> self(this);
    m_api->call(
        QStringLiteral("rooms-list-public"), {{QStringLiteral("limit"), kListLimit}}, QString(),
        [self](const RoomApi::Result &result) {
            if (!self)
                return;
            self->m_refresh->setEnabled(true);
            if (!result.ok) {
                self->m_status->setText(tr("Could not list the rooms: %1").arg(result.message));
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
                table->setItem(row, PlayingColumn,
                               cell(room.value(QLatin1String("is_playing")).toBool()
                                        ? tr("Playing")
                                        : tr("Paused")));
            }
            table->setSortingEnabled(true);
            self->m_status->setText(
                tr("%n public room(s). Double-click one to join.", nullptr, int(rooms.size())));
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
