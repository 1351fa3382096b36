#include "StartPage.h"

#include "InviteLink.h"
#include "Translations.h"

#include <QCheckBox>
#include <QComboBox>
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

} // namespace

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
{
    auto *title = new QLabel(tr("Watchium"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("Watch anime together, in lock-step."), this);

    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->hide();
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);

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
    titles->addWidget(title);
    titles->addWidget(subtitle);
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
    layout->addWidget(m_status);
    updateServerFields();
}

QWidget *StartPage::makeProfileBox()
{
    QSettings settings;
    auto *box = new QGroupBox(tr("You"), this);
    m_name = new QLineEdit(settings.value(kNameKey).toString(), box);
    m_name->setMaxLength(kMaxNameLength);
    m_name->setPlaceholderText(tr("Your name in rooms"));
    m_avatar = new QLineEdit(settings.value(kAvatarKey).toString(), box);
    m_avatar->setPlaceholderText(tr("https://… (optional)"));
    connect(m_name, &QLineEdit::editingFinished, this, &StartPage::saveProfile);
    connect(m_avatar, &QLineEdit::editingFinished, this, &StartPage::saveProfile);
    auto *form = new QFormLayout(box);
    form->addRow(tr("Display name:"), m_name);
    form->addRow(tr("Avatar URL:"), m_avatar);
    auto *language = new QComboBox(box);
    language->addItem(tr("System default"), QString());
    language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language->addItem(QStringLiteral("日本語"), QStringLiteral("ja"));
    language->setCurrentIndex(qMax(0, language->findData(Translations::languageSetting())));
    language->setToolTip(tr("Takes effect after a restart."));
    connect(language, &QComboBox::activated, this, [language](int index) {
        Translations::setLanguageSetting(language->itemData(index).toString());
    });
    form->addRow(tr("Language:"), language);
    return box;
}

QWidget *StartPage::makeCreateBox()
{
    auto *box = new QGroupBox(tr("Create a room"), this);
    m_title = new QLineEdit(box);
    m_title->setMaxLength(255);
    m_title->setPlaceholderText(tr("Friday night anime"));
    m_animeTitle = new QLineEdit(box);
    m_animeId = new QLineEdit(box);
    m_animeId->setPlaceholderText(tr("e.g. 5114"));
    m_episode = new QSpinBox(box);
    m_episode->setRange(1, 9999);
    m_videoUrl = new QLineEdit(box);
    m_videoUrl->setPlaceholderText(tr("https://example.com/episode.mp4"));
    m_public = new QCheckBox(tr("Public (listed for everyone)"), box);
    m_public->setChecked(true);
    m_hostLocally = new QCheckBox(tr("Host on this computer"), box);
    m_hostLocally->setChecked(true);
    m_port = new QSpinBox(box);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_remoteServer = new QLineEdit(QSettings().value(kServerKey).toString(), box);
    m_remoteServer->setPlaceholderText(tr("http://server:8787"));
    m_create = new QPushButton(tr("Create room"), box);
    m_create->setDefault(true);
    connect(m_hostLocally, &QCheckBox::toggled, this, &StartPage::updateServerFields);
    connect(m_create, &QPushButton::clicked, this, &StartPage::submitCreate);

    auto *form = new QFormLayout(box);
    form->addRow(tr("Room title:"), m_title);
    form->addRow(tr("Anime title:"), m_animeTitle);
    form->addRow(tr("Anime id:"), m_animeId);
    form->addRow(tr("Episode:"), m_episode);
    form->addRow(tr("Video URL:"), m_videoUrl);
    form->addRow(QString(), m_public);
    form->addRow(QString(), m_hostLocally);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Server:"), m_remoteServer);
    form->addRow(QString(), m_create);
    return box;
}

QWidget *StartPage::makeJoinBox()
{
    auto *box = new QGroupBox(tr("Join a room"), this);
    m_invite = new QLineEdit(box);
    m_invite->setPlaceholderText(tr("watchium://host:port/room?key=…"));
    m_joinServer = new QLineEdit(box);
    m_joinServer->setPlaceholderText(tr("http://server:8787"));
    m_joinRoom = new QLineEdit(box);
    m_joinKey = new QLineEdit(box);
    m_joinKey->setPlaceholderText(tr("only for private rooms"));
    m_join = new QPushButton(tr("Join"), box);
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
    form->addRow(tr("Invite link:"), m_invite);
    auto *or_ = new QLabel(tr("or"), box);
    or_->setAlignment(Qt::AlignCenter);
    form->addRow(or_);
    form->addRow(tr("Server:"), m_joinServer);
    form->addRow(tr("Room id:"), m_joinRoom);
    form->addRow(tr("Room key:"), m_joinKey);
    form->addRow(QString(), m_join);
    return box;
}

QString StartPage::displayName() const
{
    return m_name->text().trimmed();
}

QString StartPage::avatarUrl() const
{
    return m_avatar->text().trimmed();
}

void StartPage::setBusy(bool busy, const QString &status)
{
    m_create->setEnabled(!busy);
    m_join->setEnabled(!busy);
    m_status->setText(busy ? status : QString());
}

void StartPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void StartPage::clearError()
{
    m_error->clear();
    m_error->hide();
}

QString StartPage::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
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
}

void StartPage::updateServerFields()
{
    m_port->setEnabled(m_hostLocally->isChecked());
    m_remoteServer->setEnabled(!m_hostLocally->isChecked());
}

void StartPage::submitCreate()
{
    clearError();
    if (displayName().isEmpty())
        return showError(tr("Enter your display name first."));
    const QString title = m_title->text().trimmed();
    if (title.isEmpty())
        return showError(tr("Give the room a title."));
    const QUrl video(m_videoUrl->text().trimmed(), QUrl::StrictMode);
    if (!video.isValid()
        || (video.scheme() != QLatin1String("http") && video.scheme() != QLatin1String("https")))
        return showError(tr("The video URL must start with http:// or https://."));
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
    choice.request.videoUrl = video.toString();
    choice.request.userId = userId();
    choice.request.username = displayName();
    choice.request.avatarUrl = avatarUrl();
    choice.request.isPublic = m_public->isChecked();
    choice.hostLocally = m_hostLocally->isChecked();
    choice.port = quint16(m_port->value());
    if (!choice.hostLocally) {
        choice.serverUrl = serverUrlFrom(m_remoteServer->text());
        if (!choice.serverUrl.isValid())
            return showError(tr("Enter the server's address, e.g. http://server:8787."));
        QSettings().setValue(kServerKey, choice.serverUrl.toString());
    }
    saveProfile();
    Q_EMIT createRequested(choice);
}

void StartPage::submitJoin()
{
    clearError();
    if (displayName().isEmpty())
        return showError(tr("Enter your display name first."));
    if (!m_invite->text().trimmed().isEmpty() && !InviteLink::parse(m_invite->text()))
        return showError(tr("This is not a Watchium invite link (watchium://host:port/room)."));
    const QUrl server = serverUrlFrom(m_joinServer->text());
    if (!server.isValid())
        return showError(tr("Enter the server's address, e.g. http://server:8787."));
    const QString roomId = m_joinRoom->text().trimmed();
    if (roomId.isEmpty())
        return showError(tr("Enter the room id."));
    JoinRoomRequest request;
    request.roomId = roomId;
    request.userId = userId();
    request.username = displayName();
    request.avatarUrl = avatarUrl();
    request.accessKey = m_joinKey->text().trimmed();
    saveProfile();
    Q_EMIT joinRequested(server, request);
}

} // namespace watchium::app
