#include "StartPage.h"

#include "client/InviteLink.h"
#include "FileDropFilter.h"
#include "LiveLabel.h"
#include "MediaProbe.h"
#include "Translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>

namespace watchium::app {

namespace {

const QString kNameKey = QStringLiteral("profile/name");
const QString kAvatarKey = QStringLiteral("profile/avatar_url");
const QString kUserIdKey = QStringLiteral("profile/user_id");
const QString kServerKey = QStringLiteral("rooms/last_server");
const QString kCaFileKey = QStringLiteral("tls/ca_file");
const QString kEpisodeKey = QStringLiteral("start/episode");
const QString kPublicKey = QStringLiteral("start/public");
constexpr int kMaxNameLength = 50;

// One id per installation, so rejoining a room finds the same member.
QString userId()
{
    QSettings settings;
    QString id = settings.value(kUserIdKey).toString();
    if (id.isEmpty()) {
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        settings.setValue(kUserIdKey, id);
    }
    return id;
}

QUrl serverUrlFrom(const QString &text)
{
    QString t = text.trimmed();
    if (!t.contains(QLatin1String("://")))
        t.prepend(QStringLiteral("http://"));
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    return url;
}

// The label of a form row made by addRow(new QLabel, field).
void setRowLabel(QWidget *field, const QString &text)
{
    auto *form = qobject_cast<QFormLayout *>(field->parentWidget()->layout());
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
        label->setText(text);
}

} // namespace

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
{
    m_heading = new QLabel(this);
    QFont titleFont = m_heading->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    m_heading->setFont(titleFont);
    m_subtitle = new QLabel(this);

    m_error = new LiveLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->hide();
    m_status = new LiveLabel(this);
    m_cancel = new QPushButton(this);
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, &StartPage::cancelRequested);

    auto *left = new QVBoxLayout;
    left->addWidget(makeProfileBox());
    left->addWidget(makeJoinBox());
    left->addStretch();
    auto *columns = new QHBoxLayout;
    columns->setSpacing(16);
    columns->addLayout(left, 1);
    columns->addWidget(makeCreateBox(), 1, Qt::AlignTop);

    auto *logo = new QLabel(this);
    logo->setPixmap(QPixmap(QStringLiteral(":/watchium/watchium.png"))
                        .scaled(56, 56, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    auto *titles = new QVBoxLayout;
    titles->addWidget(m_heading);
    titles->addWidget(m_subtitle);
    auto *banner = new QHBoxLayout;
    banner->addWidget(logo);
    banner->addLayout(titles, 1);

    // A centred column of bounded width reads better than forms stretched across a wide window.
    auto *content = new QWidget(this);
    content->setMaximumWidth(1040);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(24, 24, 24, 16);
    outer->addStretch(1);
    outer->addWidget(content, 100);
    outer->addStretch(1);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(banner);
    layout->addSpacing(8);
    layout->addWidget(m_error);
    layout->addLayout(columns, 1);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancel);
    layout->addLayout(statusRow);
    updateServerFields();
    restoreRoomFields();
    retranslate();
}

QWidget *StartPage::makeProfileBox()
{
    QSettings settings;
    auto *box = m_profileBox = new QGroupBox(this);
    m_name = new QLineEdit(settings.value(kNameKey).toString(), box);
    m_name->setMaxLength(kMaxNameLength);
    m_avatar = new QLineEdit(settings.value(kAvatarKey).toString(), box);
    connect(m_name, &QLineEdit::editingFinished, this, &StartPage::saveProfile);
    connect(m_avatar, &QLineEdit::editingFinished, this, &StartPage::saveProfile);
    // Each language by its own name, so that it can be found whatever the UI shows now.
    m_language = new QComboBox(box);
    m_language->addItem(QString(), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("日本語"), QStringLiteral("ja"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(Translations::languageSetting())));
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        const QString language = m_language->itemData(index).toString();
        Translations::setLanguageSetting(language);
        Q_EMIT languageChosen(language);
    });
    // A server with a certificate from a private authority (a club's, a company's): trusted
    // in addition to the system's authorities.
    m_caRow = new QWidget(box);
    m_caFile = new QLineEdit(settings.value(kCaFileKey).toString(), m_caRow);
    m_caFile->setClearButtonEnabled(true);
    connect(m_caFile, &QLineEdit::editingFinished, this, &StartPage::saveProfile);
    m_chooseCaFile = new QPushButton(m_caRow);
    connect(m_chooseCaFile, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Certificate authority to trust"), m_caFile->text(),
            tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) {
            m_caFile->setText(file);
            saveProfile();
        }
    });
    auto *caLayout = new QHBoxLayout(m_caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(m_chooseCaFile);
    auto *form = new QFormLayout(box);
    form->addRow(new QLabel(box), m_name);
    form->addRow(new QLabel(box), m_avatar);
    form->addRow(new QLabel(box), m_language);
    form->addRow(new QLabel(box), m_caRow);
    return box;
}

QWidget *StartPage::makeCreateBox()
{
    auto *box = m_createBox = new QGroupBox(this);
    m_title = new QLineEdit(box);
    m_title->setMaxLength(255);
    m_animeTitle = new QLineEdit(box);
    m_animeId = new QLineEdit(box);
    m_episode = new QSpinBox(box);
    m_episode->setRange(1, 9999);
    m_videoRow = new QWidget(box);
    m_videoUrl = new QLineEdit(m_videoRow);
    m_chooseVideo = new QPushButton(m_videoRow);
    m_chooseVideo->setObjectName(QStringLiteral("chooseVideoButton"));
    auto *videoLayout = new QHBoxLayout(m_videoRow);
    videoLayout->setContentsMargins(0, 0, 0, 0);
    videoLayout->addWidget(m_videoUrl, 1);
    videoLayout->addWidget(m_chooseVideo);
    m_fileChooser = [](QWidget *parent) {
        return QFileDialog::getOpenFileName(parent, tr("The episode to watch together"));
    };
    connect(m_chooseVideo, &QPushButton::clicked, this, [this] {
        const QString path = m_fileChooser ? m_fileChooser(this) : QString();
        if (!path.isEmpty())
            setVideoFile(path);
    });
    connect(new FileDropFilter(this), &FileDropFilter::fileDropped, this, &StartPage::setVideoFile);
    m_public = new QCheckBox(box);
    m_public->setChecked(true);
    m_hostLocally = new QCheckBox(box);
    m_hostLocally->setChecked(true);
    m_encrypt = new QCheckBox(box);
    m_port = new QSpinBox(box);
    m_port->setRange(0, 65535);
    m_remoteServer = new QLineEdit(QSettings().value(kServerKey).toString(), box);
    m_create = new QPushButton(box);
    m_create->setDefault(true);
    connect(m_hostLocally, &QCheckBox::toggled, this, &StartPage::updateServerFields);
    connect(m_create, &QPushButton::clicked, this, &StartPage::submitCreate);

    auto *form = new QFormLayout(box);
    for (QWidget *field :
         std::initializer_list<QWidget *> {m_title, m_animeTitle, m_animeId, m_episode, m_videoRow})
        form->addRow(new QLabel(box), field);
    form->addRow(QString(), m_public);
    form->addRow(QString(), m_hostLocally);
    form->addRow(QString(), m_encrypt);
    form->addRow(new QLabel(box), m_port);
    form->addRow(new QLabel(box), m_remoteServer);
    form->addRow(QString(), m_create);
    return box;
}

QWidget *StartPage::makeJoinBox()
{
    auto *box = m_joinBox = new QGroupBox(this);
    m_invite = new QLineEdit(box);
    m_joinServer = new QLineEdit(box);
    m_joinRoom = new QLineEdit(box);
    m_joinKey = new QLineEdit(box);
    m_join = new QPushButton(box);
    connect(m_invite, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (const auto link = InviteLink::parse(text)) {
            m_joinServer->setText(link->serverUrl().toString());
            m_joinRoom->setText(link->roomId);
            m_joinKey->setText(link->accessKey);
        }
    });
    connect(m_invite, &QLineEdit::returnPressed, this, &StartPage::submitJoin);
    connect(m_join, &QPushButton::clicked, this, &StartPage::submitJoin);

    auto *form = new QFormLayout(box);
    form->addRow(new QLabel(box), m_invite);
    m_or = new QLabel(box);
    m_or->setAlignment(Qt::AlignCenter);
    form->addRow(m_or);
    for (QWidget *field : std::initializer_list<QWidget *> {m_joinServer, m_joinRoom, m_joinKey})
        form->addRow(new QLabel(box), field);
    form->addRow(QString(), m_join);
    return box;
}

void StartPage::retranslate()
{
    m_heading->setText(tr("Watchium"));
    m_subtitle->setText(tr("Watch anime together, in lock-step."));

    m_profileBox->setTitle(tr("You"));
    m_name->setPlaceholderText(tr("Your name in rooms"));
    m_avatar->setPlaceholderText(tr("https://… (optional)"));
    m_language->setItemText(0, tr("System default"));
    setRowLabel(m_name, tr("Display name:"));
    setRowLabel(m_avatar, tr("Avatar URL:"));
    setRowLabel(m_language, tr("Language:"));
    setRowLabel(m_caRow, tr("Trusted CA:"));
    m_caFile->setPlaceholderText(tr("PEM file of a private certificate authority (optional)"));
    m_chooseCaFile->setText(tr("Choose…"));

    m_createBox->setTitle(tr("Create a room"));
    m_title->setPlaceholderText(tr("Friday night anime"));
    m_animeId->setPlaceholderText(tr("optional: e.g. 5114, the anime's MyAnimeList id"));
    // Why the field exists is not obvious: it decides whose comments you see.
    m_animeId->setToolTip(
        tr("Comments belong to an anime's episode, not to a room: every room with the same anime "
           "id and episode shares one comment thread, which stays after the room closes. Use "
           "the anime's id on MyAnimeList (or another site your friends use too) so your rooms "
           "meet the same thread. Left empty, the anime title is used."));
    m_cancel->setText(tr("Cancel"));
    m_videoUrl->setPlaceholderText(tr("https://example.com/episode.mp4 or a file"));
    m_chooseVideo->setText(tr("Choose file…"));
    m_chooseVideo->setToolTip(tr("Everyone plays their own copy of this file; the room shares "
                                 "only its name, size and length"));
    m_public->setText(tr("Public (listed for everyone)"));
    m_hostLocally->setText(tr("Host on this computer"));
    m_encrypt->setText(tr("Encrypt connections (the invite carries the certificate's "
                          "fingerprint)"));
    m_port->setSpecialValueText(tr("any free port"));
    m_remoteServer->setPlaceholderText(tr("http://server:8787"));
    m_create->setText(tr("Create room"));
    setRowLabel(m_title, tr("Room title:"));
    setRowLabel(m_animeTitle, tr("Anime title:"));
    setRowLabel(m_animeId, tr("Anime id:"));
    setRowLabel(m_episode, tr("Episode:"));
    setRowLabel(m_videoRow, tr("Video:"));
    setRowLabel(m_port, tr("Port:"));
    setRowLabel(m_remoteServer, tr("Server:"));

    m_joinBox->setTitle(tr("Join a room"));
    m_invite->setPlaceholderText(tr("watchium://host:port/room?key=…"));
    m_joinServer->setPlaceholderText(tr("http://server:8787"));
    m_joinKey->setPlaceholderText(tr("only for private rooms"));
    m_join->setText(tr("Join"));
    m_or->setText(tr("or"));
    setRowLabel(m_invite, tr("Invite link:"));
    setRowLabel(m_joinServer, tr("Server:"));
    setRowLabel(m_joinRoom, tr("Room id:"));
    setRowLabel(m_joinKey, tr("Room key:"));
}

void StartPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QString StartPage::displayName() const
{
    return m_name->text().trimmed();
}

QString StartPage::avatarUrl() const
{
    return m_avatar->text().trimmed();
}

void StartPage::setBusy(bool busy, LiveText status)
{
    m_create->setEnabled(!busy);
    m_join->setEnabled(!busy);
    m_cancel->setVisible(busy);
    m_status->setLiveText(busy ? std::move(status) : LiveText());
}

void StartPage::showError(LiveText message)
{
    m_error->setLiveText(std::move(message));
    m_error->show();
}

void StartPage::clearError()
{
    m_error->setLiveText({});
    m_error->hide();
}

QString StartPage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void StartPage::setInviteLink(const QString &link)
{
    m_invite->setText(link);
}

void StartPage::joinRoom(const QUrl &serverUrl, const QString &roomId)
{
    m_invite->clear();
    m_joinServer->setText(serverUrl.toString());
    m_joinRoom->setText(roomId);
    m_joinKey->clear();
    submitJoin();
}

void StartPage::saveProfile()
{
    QSettings settings;
    settings.setValue(kNameKey, displayName());
    settings.setValue(kAvatarKey, avatarUrl());
    settings.setValue(kCaFileKey, trustedCaFile());
}

QString StartPage::trustedCaFile() const
{
    return m_caFile->text().trimmed();
}

CertificatePin StartPage::pinFor(const QUrl &server) const
{
    const auto link = InviteLink::parse(m_invite->text());
    return link && link->serverUrl() == server ? link->pin : CertificatePin();
}

void StartPage::updateServerFields()
{
    m_port->setEnabled(m_hostLocally->isChecked());
    m_encrypt->setEnabled(m_hostLocally->isChecked());
    m_remoteServer->setEnabled(!m_hostLocally->isChecked());
}

void StartPage::submitCreate()
{
    clearError();
    if (displayName().isEmpty())
        return showError([] { return tr("Enter your display name first."); });
    const QString title = m_title->text().trimmed();
    if (title.isEmpty())
        return showError([] { return tr("Give the room a title."); });
    const QString localFile = MediaProbe::localPath(m_videoUrl->text());
    const bool isFile = !localFile.isEmpty() && QFileInfo(localFile).isFile();
    const QUrl video(m_videoUrl->text().trimmed(), QUrl::StrictMode);
    if (!isFile
        && (!video.isValid()
            || (video.scheme() != QLatin1String("http")
                && video.scheme() != QLatin1String("https"))))
        return showError([] {
            return tr("The video must be an http:// or https:// URL, or a file on this "
                      "computer.");
        });
    CreateRoomChoice choice;
    choice.request.title = title;
    choice.request.animeTitle = m_animeTitle->text().trimmed();
    choice.request.animeId = m_animeId->text().trimmed();
    if (choice.request.animeId.isEmpty())
        choice.request.animeId =
            choice.request.animeTitle.isEmpty() ? title : choice.request.animeTitle;
    if (choice.request.animeTitle.isEmpty())
        choice.request.animeTitle = title;
    choice.request.episodeNumber = m_episode->value();
    choice.request.videoUrl = isFile ? QString() : video.toString();
    choice.request.userId = userId();
    choice.request.username = displayName();
    choice.request.avatarUrl = avatarUrl();
    choice.request.isPublic = m_public->isChecked();
    choice.hostLocally = m_hostLocally->isChecked();
    choice.port = quint16(m_port->value());
    choice.encrypt = m_encrypt->isChecked();
    if (!choice.hostLocally) {
        choice.serverUrl = serverUrlFrom(m_remoteServer->text());
        if (!choice.serverUrl.isValid())
            return showError(
                [] { return tr("Enter the server's address, e.g. http://server:8787."); });
        QSettings().setValue(kServerKey, choice.serverUrl.toString());
    }
    saveProfile();
    saveRoomFields();
    if (isFile)
        return createFromFile(choice, localFile);
    Q_EMIT createRequested(choice);
}

void StartPage::createFromFile(CreateRoomChoice choice, const QString &path)
{
    auto *probe = new MediaProbe(this);
    setBusy(true, [] { return tr("Reading the file…"); });
    // Cancel while the file is read: its answer is not wanted any more.
    connect(this, &StartPage::cancelRequested, probe, &QObject::deleteLater);
    connect(probe, &MediaProbe::finished, this,
            [this, probe, choice, path](const MediaIdentity &media, const QString &error) mutable {
                probe->deleteLater();
                setBusy(false);
                if (!error.isEmpty())
                    return showError(
                        [error] { return tr("This file cannot be played: %1").arg(error); });
                choice.request.videoUrl.clear();
                choice.request.media = media;
                choice.localFile = path;
                Q_EMIT createRequested(choice);
            });
    probe->probe(path);
}

void StartPage::setFileChooser(std::function<QString(QWidget *)> chooser)
{
    m_fileChooser = std::move(chooser);
}

void StartPage::setVideoFile(const QString &path)
{
    m_videoUrl->setText(QDir::toNativeSeparators(path));
    // The file's name is the likeliest title for a room made from it.
    if (m_title->text().trimmed().isEmpty())
        m_title->setText(QFileInfo(path).completeBaseName().left(255));
}

void StartPage::submitJoin()
{
    clearError();
    if (displayName().isEmpty())
        return showError([] { return tr("Enter your display name first."); });
    if (!m_invite->text().trimmed().isEmpty() && !InviteLink::parse(m_invite->text()))
        return showError(
            [] { return tr("This is not a Watchium invite link (watchium://host:port/room)."); });
    const QUrl server = serverUrlFrom(m_joinServer->text());
    if (!server.isValid())
        return showError([] { return tr("Enter the server's address, e.g. http://server:8787."); });
    const QString roomId = m_joinRoom->text().trimmed();
    if (roomId.isEmpty())
        return showError([] { return tr("Enter the room id."); });
    JoinRoomRequest request;
    request.roomId = roomId;
    request.userId = userId();
    request.username = displayName();
    request.avatarUrl = avatarUrl();
    request.accessKey = m_joinKey->text().trimmed();
    saveProfile();
    saveRoomFields();
    Q_EMIT joinRequested(server, request);
}

QList<std::pair<QString, QLineEdit *>> StartPage::rememberedFields() const
{
    return {{QStringLiteral("start/title"), m_title},
            {QStringLiteral("start/anime_title"), m_animeTitle},
            {QStringLiteral("start/anime_id"), m_animeId},
            {QStringLiteral("start/video"), m_videoUrl},
            {QStringLiteral("start/join_server"), m_joinServer},
            {QStringLiteral("start/join_room"), m_joinRoom},
            {QStringLiteral("start/join_key"), m_joinKey}};
}

void StartPage::saveRoomFields()
{
    QSettings settings;
    for (const auto &[key, field] : rememberedFields())
        settings.setValue(key, field->text().trimmed());
    settings.setValue(kEpisodeKey, m_episode->value());
    settings.setValue(kPublicKey, m_public->isChecked());
}

void StartPage::restoreRoomFields()
{
    QSettings settings;
    for (const auto &[key, field] : rememberedFields())
        field->setText(settings.value(key).toString());
    m_episode->setValue(settings.value(kEpisodeKey, 1).toInt());
    m_public->setChecked(settings.value(kPublicKey, true).toBool());
}

} // namespace watchium::app
