#include "MediaProbe.h"

#include "MpvPlayer.h"

#include <QFileInfo>
#include <QUrl>

namespace watchium {

namespace {

// A file mpv cannot read in this long is not worth waiting for: the room is created without
// its length, and the host's presence reports it once playing.
constexpr int kProbeTimeoutMs = 15000;

} // namespace

MediaProbe::MediaProbe(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(kProbeTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish({}); });
}

MediaProbe::~MediaProbe() = default;

QString MediaProbe::localPath(const QString &pathOrUrl)
{
    const QString text = pathOrUrl.trimmed();
    if (text.startsWith(QLatin1String("file:"), Qt::CaseInsensitive))
        return QUrl(text).toLocalFile();
    // Anything else with a scheme (http:, av://lavfi:) is not a file; a bare path is.
    const QUrl url(text);
    if (!url.scheme().isEmpty() && url.scheme().size() > 1)
        return {};
    return text;
}

MediaIdentity MediaProbe::fileIdentity(const QString &pathOrUrl)
{
    const QFileInfo file(localPath(pathOrUrl));
    if (file.filePath().isEmpty() || !file.isFile())
        return {};
    MediaIdentity m;
    m.name = file.fileName().left(MediaIdentity::kNameMax);
    m.size = file.size();
    return m;
}

void MediaProbe::probe(const QString &pathOrUrl)
{
    m_identity = fileIdentity(pathOrUrl);
    if (m_identity.isEmpty()) {
        // Queued, like every other outcome, so a caller can connect after asking.
        QMetaObject::invokeMethod(
            this, [this] { finish(QStringLiteral("not a readable file")); }, Qt::QueuedConnection);
        return;
    }
    delete m_player;
    MpvPlayer::Options options;
    options.headless = true;
    m_player = new MpvPlayer(options, this);
    const auto lengthKnown = [this] {
        if (m_player && m_player->isLengthKnown() && m_player->duration() > 0) {
            m_identity.duration = m_player->duration();
            finish({});
        }
    };
    connect(m_player, &MpvPlayer::durationChanged, this, lengthKnown);
    connect(m_player, &MpvPlayer::fileLoaded, this, lengthKnown);
    connect(m_player, &MpvPlayer::loadFailed, this,
            [this](const QString &message) { finish(message); });
    m_timeout.start();
    m_player->pause();
    m_player->open(localPath(pathOrUrl));
}

void MediaProbe::finish(const QString &error)
{
    m_timeout.stop();
    if (m_player) {
        m_player->disconnect(this);
        m_player->deleteLater();
        m_player = nullptr;
    }
    Q_EMIT finished(m_identity, error);
}

} // namespace watchium
