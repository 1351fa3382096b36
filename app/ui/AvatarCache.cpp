#include "AvatarCache.h"

#include "AvatarPainter.h"
#include "domain/Validation.h"

#include <QBuffer>
#include <QFutureWatcher>
#include <QImageReader>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>

#include <memory>

Q_LOGGING_CATEGORY(lcAvatars, "watchium.ui.avatars")

namespace watchium::app {

namespace {

// Reads the header first, so a small file that claims a huge image is refused unread.
QImage readBounded(const QByteArray &bytes, int maxSide)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > maxSide || size.height() > maxSide)
        return {};
    return reader.read();
}

} // namespace

AvatarCache::AvatarCache(QNetworkAccessManager *network, QObject *parent)
    : AvatarCache(Options(), network, parent)
{
}

AvatarCache::AvatarCache(Options options, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_network(network ? network : new QNetworkAccessManager(this))
{
    m_decoder.setMaxThreadCount(1);
}

AvatarCache::~AvatarCache()
{
    // A manager passed in outlives us: its replies must not finish into a dead cache.
    for (QNetworkReply *reply : std::as_const(m_inFlight)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

bool AvatarCache::isFetchable(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

QPixmap AvatarCache::avatar(const QString &url)
{
    const auto found = m_entries.constFind(url);
    if (found != m_entries.constEnd())
        return found->pixmap;
    if (m_entries.size() >= m_options.maxEntries)
        return {};
    m_entries.insert(url, {});
    fetch(url);
    return {};
}

AvatarCache::Status AvatarCache::status(const QString &url) const
{
    return m_entries.value(url, Entry {Status::Unknown, {}}).status;
}

void AvatarCache::fetch(const QString &url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (url.size() > validation::kUrlMax || !isFetchable(parsed)) {
        fail(url, QStringLiteral("not an http(s) URL"));
        return;
    }
    QNetworkRequest request(parsed);
    request.setTransferTimeout(m_options.timeoutMs);
    // Redirects stay on http(s) and never step down from https to http.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    request.setRawHeader("Accept", "image/*");
    QNetworkReply *reply = m_network->get(request);
    m_inFlight.insert(reply);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, url] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_options.maxBytes)
            abortTooLarge(reply, url);
    });
    // A body without Content-Length is cut off once it passes the bound.
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply, url](qint64 received) {
        if (received > m_options.maxBytes)
            abortTooLarge(reply, url);
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        m_inFlight.remove(reply);
        reply->deleteLater();
        if (status(url) != Status::Loading)
            return; // already refused while it downloaded
        const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || httpStatus / 100 != 2) {
            fail(url, reply->errorString());
            return;
        }
        decode(url, reply->readAll());
    });
}

void AvatarCache::abortTooLarge(QNetworkReply *reply, const QString &url)
{
    if (status(url) != Status::Loading)
        return;
    fail(url, QStringLiteral("larger than %1 bytes").arg(m_options.maxBytes));
    reply->abort();
}

void AvatarCache::decode(const QString &url, const QByteArray &bytes)
{
    auto promise = std::make_shared<QPromise<QImage>>();
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, url] {
        watcher->deleteLater();
        const QImage image = watcher->future().resultCount() > 0 ? watcher->result() : QImage();
        if (image.isNull()) {
            fail(url,
                 QStringLiteral("not an image of at most %1×%1 pixels").arg(m_options.maxSide));
            return;
        }
        m_entries[url] = {Status::Loaded, QPixmap::fromImage(image)};
        Q_EMIT loaded(url);
    });
    watcher->setFuture(promise->future());
    m_decoder.start([promise, bytes, maxSide = m_options.maxSide] {
        promise->start();
        promise->addResult(AvatarPainter::circle(readBounded(bytes, maxSide)));
        promise->finish();
    });
}

void AvatarCache::fail(const QString &url, const QString &reason)
{
    m_entries[url] = {Status::Failed, {}};
    qCInfo(lcAvatars) << "avatar" << url.left(200) << "not shown:" << reason;
}

} // namespace watchium::app
