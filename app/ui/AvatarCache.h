#pragma once

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QThreadPool>

class QNetworkAccessManager;
class QNetworkReply;
class QUrl;

namespace watchium::app {

// Members' avatar pictures, fetched from the http(s) URLs they chose: once per URL, bounded in
// bytes, pixels and time, decoded off the GUI thread, kept in memory cut to a circle
// (AvatarPainter). The URLs come from other people, so nothing else is fetched and nothing
// unbounded is read. A URL that failed stays failed while the cache lives: retrying at every
// presence update would hammer a host that is down, and a member who fixes their avatar
// changes its URL anyway.
class AvatarCache : public QObject
{
    Q_OBJECT

public:
    enum class Status { Unknown, Loading, Loaded, Failed };
    Q_ENUM(Status)

    struct Options
    {
        qint64 maxBytes = 512 * 1024;
        int maxSide = 2048; // pixels; a larger image is refused before it is decoded
        int timeoutMs = 10'000;
        // Distinct URLs remembered; past it new ones are not fetched. A room has a few dozen
        // members; this only stops a client that changes its URL at every presence update.
        int maxEntries = 256;
    };

    // `network` is not owned; null: the cache makes its own.
    explicit AvatarCache(QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    AvatarCache(Options options, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~AvatarCache() override;

    // The picture for `url` once loaded; until then (and for good if it fails) a null pixmap,
    // and the first call starts the load.
    QPixmap avatar(const QString &url);
    Status status(const QString &url) const;

    static bool isFetchable(const QUrl &url);

Q_SIGNALS:
    void loaded(const QString &url);

private:
    struct Entry
    {
        Status status = Status::Loading;
        QPixmap pixmap;
    };

    void fetch(const QString &url);
    void decode(const QString &url, const QByteArray &bytes);
    void fail(const QString &url, const QString &reason);
    void abortTooLarge(QNetworkReply *reply, const QString &url);

    Options m_options;
    QNetworkAccessManager *m_network;
    QHash<QString, Entry> m_entries;
    QSet<QNetworkReply *> m_inFlight;
    // Its own pool of one: decodes are rare and short, and the destructor waits for the one
    // running instead of leaving it to a global pool.
    QThreadPool m_decoder;
};

} // namespace watchium::app
