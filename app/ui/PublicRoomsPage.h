#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace watchium {
class RoomApi;
}

namespace watchium::app {

// The public rooms of one server (rooms-list-public), filtered as you type; double-click joins.
class PublicRoomsPage : public QWidget
{
    Q_OBJECT

public:
    enum Column { TitleColumn, AnimeColumn, EpisodeColumn, MembersColumn, PlayingColumn };
    static constexpr int RoomIdRole = Qt::UserRole;

    explicit PublicRoomsPage(QWidget *parent = nullptr);

    void setServerUrl(const QUrl &url);
    // Asks the server again; the table is replaced when it answers.
    void refresh();

    QTableWidget *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QString statusText() const;

Q_SIGNALS:
    void joinRequested(const QUrl &serverUrl, const QString &roomId);

private:
    void applyFilter();

    QLineEdit *m_server;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QTableWidget *m_table;
    QLabel *m_status;
    RoomApi *m_api = nullptr;
    QUrl m_apiUrl;
};

} // namespace watchium::app
