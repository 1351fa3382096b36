#pragma once

#include "client/CertificatePin.h"

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

class LiveLabel;

// The public rooms of one server (rooms-list-public), filtered as you type; double-click joins.
class PublicRoomsPage : public QWidget
{
    Q_OBJECT

public:
    enum Column { TitleColumn, AnimeColumn, EpisodeColumn, MembersColumn, PlayingColumn };
    static constexpr int RoomIdRole = Qt::UserRole;
    // On the Playing column's cells: whether the room plays (the text says it in words).
    static constexpr int IsPlayingRole = Qt::UserRole + 1;

    explicit PublicRoomsPage(QWidget *parent = nullptr);

    // `pin`: the certificate of that server (the one hosted here when it speaks https).
    void setServerUrl(const QUrl &url, const CertificatePin &pin = {});
    // Asks the server again; the table is replaced when it answers.
    void refresh();

    QTableWidget *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QString statusText() const;

Q_SIGNALS:
    void joinRequested(const QUrl &serverUrl, const QString &roomId);

protected:
    void changeEvent(QEvent *event) override;

private:
    // Every text, the table's and the status line's included; on each language change.
    void retranslate();
    void applyFilter();

    QLineEdit *m_server;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QTableWidget *m_table;
    QLabel *m_serverLabel;
    LiveLabel *m_status;
    RoomApi *m_api = nullptr;
    QUrl m_pinnedUrl;
    CertificatePin m_pin;
    QUrl m_apiUrl;
};

} // namespace watchium::app
