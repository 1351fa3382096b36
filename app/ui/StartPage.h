#pragma once

#include "client/CertificatePin.h"
#include "client/RoomRequests.h"
#include "LiveText.h"

#include <QUrl>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace watchium::app {

class LiveLabel;

// What the "Create a room" form asks for: the room, and where its server runs.
struct CreateRoomChoice
{
    CreateRoomRequest request;
    bool hostLocally = true; // start the embedded server
    quint16 port = 0; // embedded server port; 0: any free one
    // The embedded server speaks https with its self-signed certificate; invites pin it.
    bool encrypt = false;
    QUrl serverUrl; // a remote server, when not hosting
    // An "own files" room: the host's file, played locally (request.media describes it).
    QString localFile;
};

// The first page: who you are (kept in QSettings), create a room, or join one by invite link or
// by server, room and key. It only collects input; MainWindow does the networking.
// Its texts follow the UI language live (changeEvent, retranslate()).
class StartPage : public QWidget
{
    Q_OBJECT

public:
    explicit StartPage(QWidget *parent = nullptr);

    QString displayName() const;
    QString avatarUrl() const;
    // While a room is being entered the buttons are disabled.
    void setBusy(bool busy, LiveText status = {});
    void showError(LiveText message);
    void clearError();
    QString errorText() const;

    // Fills the join form from an invite link (the command line or the browser).
    void setInviteLink(const QString &link);
    // Joins a public room picked elsewhere (the public rooms list).
    void joinRoom(const QUrl &serverUrl, const QString &roomId);

    // The CA file the user chose to trust (kept in QSettings); empty: none.
    QString trustedCaFile() const;
    // The certificate pin of the invite entered, when it is for `server` (an invite to a room
    // hosted in the app); null otherwise.
    CertificatePin pinFor(const QUrl &server) const;

    // For tests and the command line.
    QLineEdit *inviteEdit() const { return m_invite; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *videoUrlEdit() const { return m_videoUrl; }
    QPushButton *chooseVideoButton() const { return m_chooseVideo; }
    // Tests replace the file dialog of "Choose file…".
    void setFileChooser(std::function<QString(QWidget *)> chooser);
    // A local file for the room's video (chosen or dropped): fills the form from it.
    void setVideoFile(const QString &path);
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *hostLocallyBox() const { return m_hostLocally; }
    QCheckBox *encryptBox() const { return m_encrypt; }
    QCheckBox *publicBox() const { return m_public; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *joinButton() const { return m_join; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLineEdit *animeIdEdit() const { return m_animeId; }
    QSpinBox *episodeBox() const { return m_episode; }
    QLineEdit *joinRoomEdit() const { return m_joinRoom; }
    QComboBox *languageCombo() const { return m_language; }

Q_SIGNALS:
    void createRequested(const watchium::app::CreateRoomChoice &choice);
    void joinRequested(const QUrl &serverUrl, const watchium::JoinRoomRequest &request);
    // The user picked another UI language ("en", "ja"; empty: the system's); already saved.
    void languageChosen(const QString &language);
    // Cancel while a room is being created or joined (shown with setBusy()).
    void cancelRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *makeProfileBox();
    QWidget *makeCreateBox();
    QWidget *makeJoinBox();
    void saveProfile();
    // The last room's fields come back on the next start: most evenings are the same show, the
    // next episode, the same friends' server.
    QList<std::pair<QString, QLineEdit *>> rememberedFields() const;
    void saveRoomFields();
    void restoreRoomFields();
    void submitCreate();
    // Reads the file's length, then asks for an own-files room with it.
    void createFromFile(CreateRoomChoice choice, const QString &path);
    void submitJoin();
    void updateServerFields();
    // Every text of the page, as Designer's retranslateUi(): run once built and on each
    // language change.
    void retranslate();

    QLabel *m_heading;
    QLabel *m_subtitle;
    QGroupBox *m_profileBox;
    QGroupBox *m_createBox;
    QGroupBox *m_joinBox;
    QLabel *m_or;

    QLineEdit *m_name;
    QLineEdit *m_avatar;
    QWidget *m_caRow;
    QLineEdit *m_caFile;
    QPushButton *m_chooseCaFile;
    QComboBox *m_language;

    QLineEdit *m_title;
    QLineEdit *m_animeTitle;
    QLineEdit *m_animeId;
    QSpinBox *m_episode;
    QLineEdit *m_videoUrl;
    QWidget *m_videoRow;
    QPushButton *m_chooseVideo;
    std::function<QString(QWidget *)> m_fileChooser;
    QCheckBox *m_public;
    QCheckBox *m_hostLocally;
    QCheckBox *m_encrypt;
    QSpinBox *m_port;
    QLineEdit *m_remoteServer;
    QPushButton *m_create;

    QLineEdit *m_invite;
    QLineEdit *m_joinServer;
    QLineEdit *m_joinRoom;
    QLineEdit *m_joinKey;
    QPushButton *m_join;

    LiveLabel *m_status;
    QPushButton *m_cancel;
    LiveLabel *m_error;
};

} // namespace watchium::app
